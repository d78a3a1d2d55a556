/*! Reassure widget. Never hurts the host page: no thrown errors, no console output, styles
 * in a shadow root, all data rendered as text, nothing shown when the API fails. */
(function (w, d) {
  "use strict";
  var TIMEOUT = 4000, POLL = 30000;
  var CSS =
    ":host{all:initial;display:block}" +
    ".r{font:14px/1.45 var(--reassure-font,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif);color:#1f2328}" +
    ".b{background:#fff;border:1px solid #e3e6ea;border-radius:8px;padding:10px 12px;margin:0 0 8px}" +
    ".b:last-child{margin-bottom:0}.t{display:block;font-weight:600;margin:0 0 2px}p{margin:0}" +
    "blockquote{margin:0;font-style:italic}blockquote:before{content:open-quote}blockquote:after{content:close-quote}" +
    ".m{display:block;margin-top:4px;font-size:12px;color:#59636e}" +
    ".s{color:#c27c00;letter-spacing:1px;margin-right:6px}" +
    "[data-kind=incident]{border-color:#e0a100;background:#fff8e6}" +
    "[data-kind=guarantee],[data-kind=reassurance]{border-left:3px solid var(--reassure-accent,#1a7f37)}" +
    "[data-kind=offer]{border-style:dashed}code{font:600 13px ui-monospace,monospace;background:#f2f4f7;padding:1px 6px;border-radius:4px}" +
    "summary{cursor:pointer;font-weight:600}details p{margin-top:4px}" +
    ".f{position:relative;box-shadow:0 6px 24px rgba(0,0,0,.15);border-radius:10px}" +
    ".x{position:absolute;top:2px;right:4px;border:0;background:none;font:18px/1 sans-serif;color:#59636e;cursor:pointer;padding:4px}";
  var TEXT = {
    en: { of: " out of 5", up: "Updated ", until: "Valid until ", code: "Code: ", close: "Close" },
    fr: { of: " sur 5", up: "Mis à jour ", until: "Valable jusqu'au ", code: "Code : ", close: "Fermer" }
  };

  function noop() {}

  function el(tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    return e;
  }

  function str(v) {
    return typeof v === "string" && v.length ? v : "";
  }

  function when(value, locale, withTime) {
    var s = str(value);
    if (!s) return "";
    try {
      var t = new Date(s);
      if (isNaN(t)) return s;
      var o = withTime ? { dateStyle: "medium", timeStyle: "short" } : { dateStyle: "medium" };
      if (s.length === 10) o.timeZone = "UTC"; // a bare date: do not shift it a day
      return new Intl.DateTimeFormat(locale, o).format(t);
    } catch (e) {
      return s;
    }
  }

  function block(b, locale, tx) {
    var kind = b.kind, box = el(kind === "faq" ? "details" : "div", "b"), title = str(b.title);
    box.setAttribute("data-kind", kind);
    if (kind === "faq") {
      box.appendChild(el("summary", "", title || b.body));
      if (title) box.appendChild(el("p", "", b.body));
      return box;
    }
    if (kind === "testimonial") {
      box.appendChild(el("blockquote", "", b.body));
      var meta = el("span", "m"), r = Number(b.rating);
      if (b.rating != null && r >= 0 && r <= 5) {
        var n = Math.round(r), stars = el("span", "s", "★★★★★".slice(0, n) + "☆☆☆☆☆".slice(n));
        stars.setAttribute("role", "img");
        stars.setAttribute("aria-label", r + tx.of);
        meta.appendChild(stars);
      }
      var by = [str(b.author), str(b.source), when(b.date, locale)].filter(Boolean).join(" · ");
      if (by) meta.appendChild(d.createTextNode(by));
      if (meta.firstChild) box.appendChild(meta);
      return box;
    }
    if (title) box.appendChild(el("strong", "t", title));
    box.appendChild(el("p", "", b.body));
    if (kind === "offer") {
      if (str(b.code)) {
        var c = el("span", "m", tx.code);
        c.appendChild(el("code", "", b.code));
        box.appendChild(c);
      }
      if (str(b.expires_at)) box.appendChild(el("span", "m", tx.until + when(b.expires_at, locale)));
    }
    if (kind === "incident" && str(b.updated_at)) {
      box.appendChild(el("span", "m", tx.up + when(b.updated_at, locale, true)));
    }
    return box;
  }

  var KINDS = { reassurance: 1, guarantee: 1, testimonial: 1, faq: 1, offer: 1, incident: 1 };

  function valid(s) {
    return s && typeof s === "object" && typeof s.level_name === "string" &&
      typeof s.locale === "string" && Array.isArray(s.blocks);
  }

  function start(script) {
    var site = script.getAttribute("data-site");
    if (!site) return;
    var base = new URL(script.src, d.baseURI).origin;
    var locale = script.getAttribute("data-locale") || d.documentElement.getAttribute("lang") || "";
    var api = base + "/v1/sites/" + encodeURIComponent(site);
    var widgets = [], shown = null, seq = 0, es = null, esFailed = false, errors = 0;
    var timer = null, due = false;

    function mount(host, slot, floating) {
      var root = host.attachShadow({ mode: "open" });
      var style = el("style", "", CSS), box = el("div", floating ? "r f" : "r");
      box.setAttribute("aria-live", "polite");
      box.hidden = true;
      root.appendChild(style);
      root.appendChild(box);
      widgets.push({ host: host, slot: slot, box: box, floating: floating, closed: null });
    }

    function render(wd, s) {
      var tx = s.locale === "fr" ? TEXT.fr : TEXT.en, box = wd.box;
      // The server decides what shows and in what order; we only skip what we cannot draw.
      var list = s.blocks.filter(function (b) {
        return b && KINDS[b.kind] === 1 && str(b.body);
      });
      var frag = d.createDocumentFragment();
      list.forEach(function (b) {
        frag.appendChild(block(b, s.locale, tx));
      });
      if (wd.floating && list.length) {
        var x = el("button", "x", "×");
        x.type = "button";
        x.setAttribute("aria-label", tx.close);
        x.addEventListener("click", function () {
          wd.closed = s.level_name;
          box.hidden = true;
        });
        frag.appendChild(x);
      }
      while (box.firstChild) box.removeChild(box.firstChild);
      box.appendChild(frag);
      box.setAttribute("data-level", s.level_name);
      box.setAttribute("lang", s.locale);
      box.hidden = !list.length || wd.closed === s.level_name;
    }

    function get(slot, version) {
      var q = [];
      if (locale) q.push("locale=" + encodeURIComponent(locale));
      if (slot) q.push("slot=" + encodeURIComponent(slot));
      if (version != null) q.push("v=" + encodeURIComponent(version)); // a fresh URL per version
      var ctl = w.AbortController ? new AbortController() : null;
      var t = ctl && setTimeout(function () { ctl.abort(); }, TIMEOUT);
      return fetch(api + "/state" + (q.length ? "?" + q.join("&") : ""), {
        credentials: "omit",
        signal: ctl ? ctl.signal : undefined
      }).then(function (res) {
        if (!res.ok) throw 0;
        return res.json();
      }).then(function (s) {
        clearTimeout(t);
        if (!valid(s)) throw 0;
        return s;
      }, function (e) {
        clearTimeout(t);
        throw e;
      });
    }

    // Fetch every slot once and render them; resolves true if at least one succeeded.
    function refresh(version) {
      var mine = ++seq, slots = {};
      widgets.forEach(function (wd) {
        (slots[wd.slot] = slots[wd.slot] || []).push(wd);
      });
      return Promise.all(Object.keys(slots).map(function (slot) {
        return get(slot, version).then(function (s) {
          if (mine !== seq) return true; // a newer refresh is under way
          slots[slot].forEach(function (wd) { render(wd, s); });
          shown = s.version;
          return true;
        }).catch(function () { return false; });
      })).then(function (ok) {
        ok = ok.indexOf(true) >= 0;
        if (ok && !es && !esFailed) live();
        return ok;
      });
    }

    function poll() {
      clearTimeout(timer);
      if (es && !esFailed) return; // live events are flowing
      timer = setTimeout(function () {
        if (d.hidden) due = true; // wait for the page to be visible again
        else refresh().then(poll, poll);
      }, POLL * (0.8 + Math.random() * 0.4));
    }

    function live() {
      if (!w.EventSource) {
        esFailed = true;
        return poll();
      }
      try {
        es = new EventSource(api + "/events");
      } catch (e) {
        esFailed = true;
        return poll();
      }
      clearTimeout(timer);
      es.addEventListener("state", function (e) {
        errors = 0;
        try {
          var v = JSON.parse(e.data).version;
          if (v !== shown) refresh(v).catch(noop);
        } catch (x) { /* ignore a malformed event */ }
      });
      es.onerror = function () {
        // The stream ends on purpose now and then and the browser reconnects; give up on it
        // only after several failures in a row, or when the browser itself gave up.
        if (++errors >= 3 || es.readyState === 2) {
          es.close();
          esFailed = true;
          poll();
        }
      };
    }

    d.addEventListener("visibilitychange", function () {
      if (due && !d.hidden) {
        due = false;
        refresh().then(poll, poll);
      }
    });

    var hosts = d.querySelectorAll("[data-reassure-slot]");
    for (var i = 0; i < hosts.length; i++) {
      if (hosts[i].shadowRoot) continue;
      var slot = hosts[i].getAttribute("data-reassure-slot");
      try {
        mount(hosts[i], slot === "main" ? "" : slot, false);
      } catch (e) { /* an element that cannot host a shadow root */ }
    }
    if (!hosts.length && d.body) {
      var host = d.createElement("div");
      host.style.cssText = "position:fixed;right:16px;bottom:16px;z-index:2147483000;width:320px;max-width:calc(100vw - 32px)";
      d.body.appendChild(host);
      mount(host, "", true);
    }
    if (!widgets.length) return;
    refresh().then(function (ok) {
      if (!ok) poll(); // the API is down: show nothing, try again later
    }).catch(noop);
  }

  try {
    if (w.Reassure || !w.fetch || !w.Promise || !w.Element || !Element.prototype.attachShadow) return;
    var script = d.currentScript;
    if (!script || !script.getAttribute("data-site")) {
      script = null;
      var all = d.querySelectorAll("script[data-site]");
      for (var i = 0; i < all.length; i++) {
        if (/\/widget\.js$/.test(all[i].src.split(/[?#]/)[0])) script = all[i];
      }
    }
    if (!script) return;
    w.Reassure = { version: "0.1.0" };
    var go = function () {
      try { start(script); } catch (e) { /* never break the page */ }
    };
    if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", go);
    else go();
  } catch (e) { /* never break the page */ }
})(window, document);
