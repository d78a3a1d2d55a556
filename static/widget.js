/*! Reassure widget. Never hurts the host page: no thrown errors, no console output, styles
 * in a shadow root (constructable stylesheet, so a strict CSP works), data set as text only,
 * nothing shown when the API fails and nothing cached. One global: window.Reassure. */
(function (w, d) {
  "use strict";
  var TIMEOUT = 4000, DAY = 864e5, KEY = "reassure:";
  var DARK = "{--bg:#161b22;--fg:#e6edf3;--mu:#9ea8b3;--ln:#3d444d;--ac:#3fb950;--st:#e3b341;--hi:#2e2616;--co:#262c36}";
  var CSS =
    "[hidden]{display:none!important}" +
    ".r{all:initial;display:block;font:14px/1.45 var(--reassure-font,system-ui,-apple-system,'Segoe UI',Roboto,sans-serif);color:var(--fg);" +
    "--bg:#fff;--fg:#1f2328;--mu:#57606a;--ln:#d0d7de;--ac:var(--reassure-accent,#1a7f37);--st:#8a5d00;--hi:#fff8c5;--co:#eff2f5}" +
    ".dk" + DARK + "@media(prefers-color-scheme:dark){.au" + DARK + "}" +
    ".b{display:block;background:var(--bg);border:1px solid var(--ln);border-radius:8px;padding:10px 12px;margin:0 0 8px}" +
    ".b:last-child{margin-bottom:0}.t{display:block;font-weight:600;margin:0 0 2px}p{margin:0}" +
    "blockquote{margin:0;font-style:italic}blockquote:before{content:open-quote}blockquote:after{content:close-quote}" +
    ".m{display:block;margin-top:4px;font-size:12px;color:var(--mu)}.s{color:var(--st);letter-spacing:1px;margin-right:6px}" +
    "[data-kind=incident]{border-left:4px solid #bf8700;background:var(--hi)}" +
    "[data-kind=guarantee],[data-kind=reassurance]{border-left:3px solid var(--ac)}[data-kind=offer]{border-style:dashed}" +
    "code{font:600 13px ui-monospace,monospace;background:var(--co);padding:1px 6px;border-radius:4px}" +
    "summary{cursor:pointer;font-weight:600}details p{margin-top:4px}" +
    "button{font:inherit;font-size:13px;color:var(--fg);background:var(--co);border:1px solid var(--ln);border-radius:6px;padding:2px 8px;margin:0 4px 0 0;min-width:28px;min-height:28px;cursor:pointer}" +
    "button:focus-visible,summary:focus-visible{outline:2px solid var(--ac);outline-offset:2px}" +
    ".n{display:flex;align-items:center;gap:4px;margin-top:6px}.n .m{margin:0 6px 0 0}" +
    ".f{position:relative;background:var(--bg);border:1px solid var(--ln);border-radius:10px;box-shadow:0 6px 24px rgba(0,0,0,.18);padding:34px 8px 8px;max-height:60vh;overflow:auto}" +
    ".bar{border-radius:0}.x{position:absolute;top:4px;right:4px}" +
    ".sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}" +
    "@media(max-width:640px){.f{max-height:40vh}}";
  var TEXT = {
    en: { of: " out of 5", up: "Updated ", until: "Valid until ", copy: "Copy code", done: "Copied",
      close: "Close", prev: "Previous", next: "Next", pause: "Pause", reviews: "Customer reviews", news: "New information: ",
      at: " at ", months: "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec" },
    fr: { of: " sur 5", up: "Mis à jour ", until: "Valable jusqu'au ", copy: "Copier le code", done: "Copié",
      close: "Fermer", prev: "Précédent", next: "Suivant", pause: "Pause", reviews: "Avis clients", news: "Nouvelle information : ",
      at: " à ", months: "janv. févr. mars avr. mai juin juil. août sept. oct. nov. déc." }
  };
  var KINDS = { reassurance: 1, guarantee: 1, testimonial: 1, faq: 1, offer: 1, incident: 1 };
  var sheet = null;

  function noop() {}

  // Work in tasks of their own: on a slow phone no single task of ours holds the page long.
  function soon(f, ms) {
    return setTimeout(function () {
      try { f(); } catch (e) { /* never break the page */ }
    }, ms || 0);
  }

  function idle(f) {
    if (w.requestIdleCallback) requestIdleCallback(function () { soon(f); }, { timeout: 2000 });
    else soon(f, 50);
  }

  function el(tag, cls, text, parent) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = String(text);
    if (parent) parent.appendChild(e);
    return e;
  }

  function attr(e, name, value) {
    e.setAttribute(name, value);
    return e;
  }

  function str(v) {
    return typeof v === "string" && v.length ? v : "";
  }

  // Local and session storage may be missing, full or forbidden: then we simply do without.
  function keep(area, k, v) {
    try {
      var s = w[area];
      if (v === undefined) return JSON.parse(s.getItem(KEY + k));
      s.setItem(KEY + k, JSON.stringify(v));
    } catch (e) { return null; }
  }

  // Dates by hand: a first Intl.DateTimeFormat costs tens of milliseconds of main thread.
  function when(value, tx, withTime) {
    var s = str(value), t = new Date(s), utc = s.length === 10; // a bare date: keep its day
    if (!/^\d{4}-\d\d-\d\d/.test(s) || isNaN(t)) return s; // only ISO dates are dates
    var get = function (part) { return t[(utc ? "getUTC" : "get") + part](); };
    var day = get("Date"), month = tx.months.split(" ")[get("Month")], year = get("FullYear");
    var out = tx === TEXT.fr ? day + " " + month + " " + year : month + " " + day + ", " + year;
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return withTime ? out + tx.at + two(t.getHours()) + ":" + two(t.getMinutes()) : out;
  }

  function reducedMotion() {
    return !!(w.matchMedia && w.matchMedia("(prefers-reduced-motion: reduce)").matches);
  }

  function block(b, tx, say) {
    var kind = b.kind, box = el(kind === "faq" ? "details" : "div", "b"), title = str(b.title);
    attr(attr(box, "data-kind", kind), "data-id", str(b.id));
    if (kind === "faq") {
      el("summary", "", title || b.body, box);
      if (title) el("p", "", b.body, box);
      return box;
    }
    if (kind === "testimonial") {
      el("blockquote", "", b.body, box);
      var meta = el("span", "m"), r = Number(b.rating);
      if (b.rating != null && r >= 0 && r <= 5) {
        var n = Math.round(r);
        attr(attr(el("span", "s", "★★★★★".slice(0, n) + "☆☆☆☆☆".slice(n), meta), "role", "img"), "aria-label", r + tx.of);
      }
      var by = [str(b.author), str(b.source), when(b.date, tx)].filter(Boolean).join(" · ");
      if (by) meta.appendChild(d.createTextNode(by));
      if (meta.firstChild) box.appendChild(meta);
      return box;
    }
    if (title) el("strong", "t", title, box);
    el("p", "", b.body, box);
    if (kind === "offer" && str(b.code)) {
      var row = el("span", "m n"), code = el("code", "", b.code, row), copy = el("button", "", tx.copy, row);
      copy.type = "button";
      copy.addEventListener("click", function () {
        var ok = function () { copy.textContent = tx.done; say(tx.done); };
        try {
          navigator.clipboard.writeText(b.code).then(ok, function () { select(code); });
        } catch (e) { select(code); } // no clipboard API: select it so Ctrl+C works
      });
      box.appendChild(row);
    }
    if (kind === "offer" && str(b.expires_at)) el("span", "m", tx.until + when(b.expires_at, tx), box);
    if (kind === "incident" && str(b.updated_at)) el("span", "m", tx.up + when(b.updated_at, tx, true), box);
    return box;
  }

  function select(node) {
    try { d.getSelection().selectAllChildren(node); } catch (e) { /* nothing more to do */ }
  }

  // Several testimonials: one at a time, turning every 7 s unless the reader prefers reduced
  // motion, pauses it, or hovers or focuses it; buttons and arrow keys move by hand.
  function carousel(slides, tx) {
    var box = attr(attr(attr(el("div", "b"), "role", "group"), "aria-roledescription", "carousel"), "aria-label", tx.reviews);
    var i = 0, held = 0, stopped = reducedMotion(), nav = el("div", "n"), count = el("span", "m");
    slides.forEach(function (s) { s.className = ""; box.appendChild(s); }); // one card, many slides
    function show(k) {
      i = (k + slides.length) % slides.length;
      slides.forEach(function (s, j) { s.hidden = j !== i; });
      count.textContent = i + 1 + " / " + slides.length;
    }
    function button(label, text, go) {
      var b = attr(el("button", "", text, nav), "aria-label", label);
      b.type = "button";
      b.addEventListener("click", go);
      return b;
    }
    function by(step) {
      return function () { stopped = true; attr(box, "aria-live", "polite"); show(i + step); };
    }
    button(tx.prev, "‹", by(-1));
    nav.appendChild(count);
    button(tx.next, "›", by(1));
    if (!stopped) {
      var p = attr(button(tx.pause, "❚❚", function () {
        stopped = !stopped;
        attr(p, "aria-pressed", String(stopped));
      }), "aria-pressed", "false");
    }
    box.appendChild(nav);
    box.addEventListener("keydown", function (e) {
      var step = { ArrowLeft: -1, ArrowRight: 1 }[e.key];
      if (step) by(step)();
    });
    box.addEventListener("mouseenter", function () { held |= 1; });
    box.addEventListener("mouseleave", function () { held &= 2; });
    box.addEventListener("focusin", function () { held |= 2; });
    box.addEventListener("focusout", function () { held &= 1; });
    var turn = setInterval(function () {
      if (!box.isConnected) clearInterval(turn);
      else if (!stopped && !held && !d.hidden) show(i + 1);
    }, 7000);
    show(0);
    return box;
  }

  function valid(s) {
    return s && typeof s === "object" && typeof s.level_name === "string" &&
      typeof s.locale === "string" && Array.isArray(s.blocks);
  }

  function jitter(ms) {
    return ms * (0.7 + Math.random() * 0.6);
  }

  function start(script) {
    var site = script.getAttribute("data-site"), cfg = function (n) { return script.getAttribute("data-" + n) || ""; };
    var base = new URL(script.src, d.baseURI).origin, api = base + "/v1/sites/" + encodeURIComponent(site);
    var locale = cfg("locale") || d.documentElement.getAttribute("lang") || "";
    var theme = { dark: "dk", auto: "au" }[cfg("theme")] || "", position = cfg("position") || "bottom-right";
    var poll = Math.max(5, Number(cfg("poll")) || 30) * 1000, beacons = cfg("beacon") !== "off";
    var widgets = [], shown = null, seq = 0, es = null, noLive = !w.EventSource, fails = 0, timer = null;
    var queue = [], seen = {}, flushTimer = null, spy = null, padding = null, saving = null, jobs = [];
    var early = get(null, false); // the one request for state leaves first: the rest can wait
    early.catch(noop);
    var cacheKey = site + ":" + locale, cached = {};

    function send() {
      clearTimeout(flushTimer);
      if (!queue.length) return;
      try { navigator.sendBeacon(api + "/beacon", JSON.stringify({ events: queue.splice(0, 50) })); } catch (e) { queue = []; }
      if (queue.length) flushTimer = setTimeout(send, 2000); // a beacon carries 50 at most
    }

    function track(node, action) {
      var id = node && node.getAttribute("data-id"), level = shown && shown.level, k = action + level + id;
      if (!beacons || !id || (action === "impression" && seen[k])) return;
      seen[k] = 1;
      queue.push({ block: id, kind: node.getAttribute("data-kind"), level: level, action: action });
      clearTimeout(flushTimer);
      flushTimer = setTimeout(send, 2000);
    }

    function mount(host, slot, kinds, floating) {
      var root = host.attachShadow({ mode: "open" });
      var box = el("div", "r " + theme + (floating ? " f" + (position === "bottom" ? " bar" : "") : ""));
      var live = attr(el("div", "sr"), "aria-live", "polite"), list = el("div");
      if (sheet) root.adoptedStyleSheets = [sheet];
      else el("style", "", CSS, root); // an older browser: an inline style (blocked by a strict CSP)
      box.hidden = true;
      box.appendChild(live);
      box.appendChild(list);
      root.appendChild(box);
      var wd = { host: host, slot: slot, kinds: kinds, box: box, list: list, live: live, floating: floating };
      box.addEventListener("click", function (e) {
        var t = e.target, b = t.closest && t.closest("button,summary");
        if (b) track(b.closest("[data-id]"), "click");
      });
      var h = (cached.h || {})[slot];
      if (!floating && h > 0) host.style.setProperty("min-height", h + "px"); // no layout shift
      widgets.push(wd);
    }

    function say(wd, text) {
      wd.live.textContent = "";
      setTimeout(function () { wd.live.textContent = text; }, 100);
    }

    function render(wd, s) {
      var tx = s.locale === "fr" ? TEXT.fr : TEXT.en, box = wd.box, list = wd.list, level = box.getAttribute("data-level");
      var allowed = wd.kinds || (s.slots || {})[wd.slot], groups = [], group = null;
      if (!Array.isArray(allowed)) allowed = null;
      // The server decides what shows and in what order; we narrow to the slot and skip what
      // we cannot draw. Consecutive testimonials share one carousel.
      s.blocks.forEach(function (b) {
        if (!b || KINDS[b.kind] !== 1 || !str(b.body) || (allowed && allowed.indexOf(b.kind) < 0)) return;
        var node = block(b, tx, function (t) { say(wd, t); });
        if (b.kind === "testimonial" && group) return group.push(node);
        groups.push(b.kind === "testimonial" ? (group = [node]) : node);
        if (b.kind !== "testimonial") group = null;
      });
      if (wd.floating && groups.length > 2) groups.length = 2;
      if (spy) list.querySelectorAll("[data-id]").forEach(function (n) { spy.unobserve(n); });
      while (list.firstChild) list.removeChild(list.firstChild);
      groups.forEach(function (g) {
        list.appendChild(!Array.isArray(g) ? g : g.length > 1 ? carousel(g, tx) : g[0]);
      });
      if (wd.floating && groups.length) {
        var x = attr(el("button", "x", "×", list), "aria-label", tx.close);
        x.type = "button";
        x.addEventListener("click", function () {
          keep("sessionStorage", "closed:" + site, s.level_name);
          place(wd);
        });
      }
      attr(attr(box, "data-level", s.level_name), "lang", s.locale);
      wd.empty = !groups.length;
      if (wd.floating) place(wd);
      else box.hidden = wd.empty;
      if (level && level !== s.level_name && !wd.empty) {
        var first = list.querySelector(".t,summary,blockquote,p");
        say(wd, tx.news + (first ? first.textContent : ""));
      }
      wd.host.style.removeProperty("min-height");
      if (spy) list.querySelectorAll("[data-id]").forEach(function (n) { spy.observe(n); });
    }

    // The floating card or bar: above any fixed bar of the page at the bottom (its own call to
    // action on a phone), and the page gets matching bottom padding so nothing stays covered.
    function place(wd) {
      var host = wd.host, body = d.body, lift = 0;
      wd.box.hidden = wd.empty || keep("sessionStorage", "closed:" + site) === wd.box.getAttribute("data-level");
      if (padding === null) padding = body.style.paddingBottom;
      body.style.paddingBottom = padding;
      if (wd.box.hidden) return;
      try {
        [0.1, 0.5, 0.9].forEach(function (f) {
          d.elementsFromPoint(innerWidth * f, innerHeight - 2).some(function (e) {
            for (; e && e !== body && e !== host; e = e.parentElement) {
              var p = getComputedStyle(e).position;
              if (p === "fixed" || p === "sticky") {
                lift = Math.max(lift, innerHeight - e.getBoundingClientRect().top);
                return true;
              }
            }
          });
        });
      } catch (e) { /* an old browser: no lift */ }
      host.style.setProperty("bottom", lift + (position === "bottom" ? 0 : 12) + "px", "important");
      body.style.paddingBottom = parseFloat(getComputedStyle(body).paddingBottom) + host.offsetHeight + 12 + "px";
    }

    // One widget drawn per task, in order: several slots never hold the page long at once.
    function apply(s, fresh) {
      shown = s;
      widgets.forEach(function (wd, i) {
        if (jobs.push(function () {
          render(wd, s);
          if (i === widgets.length - 1) drawn(s, fresh);
        }) === 1) run();
      });
    }

    function run() {
      try { jobs[0](); } catch (e) { /* never break the page */ }
      jobs.shift();
      if (jobs.length) soon(run);
    }

    function drawn(s, fresh) {
      try { performance.mark("reassure:render"); } catch (e) { /* not measured */ }
      if (!fresh) return;
      cached.t = Date.now();
      cached.s = s;
      // Measured and stored a little later, once the page has laid itself out anyway.
      clearTimeout(saving);
      saving = setTimeout(function () {
        cached.h = {};
        widgets.forEach(function (wd) {
          if (!wd.floating) cached.h[wd.slot] = wd.box.getBoundingClientRect().height;
        });
        keep("localStorage", cacheKey, cached);
      }, 500);
    }

    function get(version, revalidate) {
      var ctl = w.AbortController ? new AbortController() : null, q = "?locale=" + encodeURIComponent(locale);
      var t = ctl && setTimeout(function () { ctl.abort(); }, TIMEOUT);
      if (version != null) q += "&v=" + encodeURIComponent(version); // a fresh URL per version
      return fetch(api + "/state" + q, {
        credentials: "omit",
        cache: revalidate ? "no-cache" : "default",
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

    function later(ms) {
      clearTimeout(timer);
      timer = setTimeout(function () { if (!d.hidden) refresh(null, true); }, jitter(ms));
    }

    function refresh(version, revalidate, pending) {
      var mine = ++seq;
      return (pending || get(version, revalidate)).then(function (s) {
        fails = 0;
        if (mine === seq) apply(s, true);
        idle(function () { // the live connection or the next poll can wait for a quiet moment
          if (d.hidden) return;
          if (!es && !noLive) live();
          if (!es) later(poll);
        });
      }, function () {
        // Nothing to show: give the reserved room back. Then retry with a jittered backoff.
        if (!shown) widgets.forEach(function (wd) { wd.host.style.removeProperty("min-height"); });
        later(Math.min(poll * 2, 2000 * Math.pow(2, fails++)));
      }).catch(noop);
    }

    function live() {
      var errors = 0, opened = false;
      try { es = new EventSource(api + "/events"); } catch (e) { noLive = true; return; }
      clearTimeout(timer);
      es.onopen = function () { opened = true; };
      es.addEventListener("state", function (e) {
        errors = 0;
        try {
          var v = JSON.parse(e.data).version;
          if (!shown || v !== shown.version) refresh(v);
        } catch (x) { /* a malformed event */ }
      });
      es.onerror = function () {
        // The stream ends on purpose now and then and the browser reconnects; fall back to
        // polling when it never opened, after several failures in a row, or when the browser
        // gave up.
        if (!opened || ++errors >= 3 || es.readyState === 2) {
          es.close();
          es = null;
          noLive = true;
          later(poll);
        }
      };
    }

    d.addEventListener("visibilitychange", function () {
      if (d.hidden) {
        send();
        clearTimeout(timer);
        if (es) es.close(); // a background tab holds no connection and polls nothing
        es = null;
      } else if (widgets.length) refresh(null, true);
    });
    w.addEventListener("pagehide", send);

    // The rest once the document is parsed, in tasks after the one that sent the request.
    if (d.readyState === "loading") d.addEventListener("DOMContentLoaded", function () { soon(setup); });
    else soon(setup);

    function setup() {
      cached = keep("localStorage", cacheKey) || {};
      try {
        sheet = new CSSStyleSheet();
        sheet.replaceSync(CSS);
      } catch (e) { sheet = null; }
      soon(build);
    }

    function build() {
      if (w.IntersectionObserver) {
        spy = new IntersectionObserver(function (entries) {
          entries.forEach(function (e) { if (e.isIntersecting) track(e.target, "impression"); });
        }, { threshold: 0.5 });
      }

      var hosts = d.querySelectorAll("[data-reassure-slot]");
      for (var i = 0; i < hosts.length; i++) {
        var host = hosts[i], slot = host.getAttribute("data-reassure-slot"), kinds = host.getAttribute("data-kinds");
        if (host.shadowRoot) continue;
        try {
          mount(host, slot === "main" ? "" : slot, kinds ? kinds.split(/[\s,]+/) : null, false);
          host.style.setProperty("display", "block", "important"); // a hostile global rule cannot hide it
        } catch (e) { /* an element that cannot host a shadow root */ }
      }
      if (!hosts.length && d.body) {
        var card = d.createElement("reassure-widget"), side = position === "bottom-left" ? "left" : "right";
        var css = position === "bottom"
          ? { left: "0", right: "0" }
          : { width: "min(340px, calc(100vw - 24px))" };
        if (position !== "bottom") css[side] = "12px";
        css.position = "fixed";
        css.display = "block";
        css["z-index"] = "2147483000";
        css.bottom = "0";
        for (var p in css) card.style.setProperty(p, css[p], "important");
        d.body.appendChild(card);
        mount(card, "", null, true);
        w.addEventListener("resize", function () { widgets.forEach(function (wd) { if (wd.floating && shown) place(wd); }); });
      }
      if (!widgets.length) return;
      try {
        if (cached.s && Date.now() - cached.t < DAY && valid(cached.s)) apply(cached.s, false);
      } catch (e) { /* a damaged cache: wait for the network */ }
      refresh(null, false, early);
    }
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
    w.Reassure = { version: "0.2.0" };
    soon(function () { start(script); });
  } catch (e) { /* never break the page */ }
})(window, document);
