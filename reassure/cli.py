"""The `reassure` command: `up` runs everything on one machine; the other commands run one
part each, for production, or administer sites and data."""

from __future__ import annotations

import argparse
import os
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

from . import settings as settings_module
from .errors import ReassureError
from .settings import Settings
from .store import connect

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    config = settings_module.load()
    try:
        return args.handler(args, config) or 0
    except ReassureError as exc:
        print(f"reassure: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="reassure", description=__doc__)
    commands = parser.add_subparsers(required=True, metavar="COMMAND")

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    command("up", cmd_up, "run everything on this machine (embedded Redis unless REDIS_URL)")
    command("redis", cmd_redis, "run the embedded redis-server in the foreground")
    web = command("web", cmd_web, "run the web app (widget, public and admin API) under gunicorn")
    web.add_argument("--workers", type=int, default=2)
    worker = command("worker", cmd_worker, "run an RQ worker")
    worker.add_argument("--burst", action="store_true", help="stop when the queue is empty")
    command("scheduler", cmd_scheduler, "run the periodic schedule (level recompute)")
    command("console", cmd_console, "run the Streamlit admin console")

    site = command("site", None, "manage sites")
    site_commands = site.add_subparsers(required=True, metavar="ACTION")
    create = site_commands.add_parser("create", help="create a site and print its admin token")
    create.add_argument("slug")
    create.add_argument("--name", required=True)
    create.add_argument("--locale", default="en", choices=["en", "fr"])
    create.set_defaults(handler=cmd_site_create)
    site_commands.add_parser("list", help="list sites").set_defaults(handler=cmd_site_list)
    rotate = site_commands.add_parser("rotate-token", help="issue a new admin token")
    rotate.add_argument("slug")
    rotate.set_defaults(handler=cmd_site_rotate)

    imp = command("import", cmd_import, "import mentions from a CSV or JSONL file")
    imp.add_argument("file", type=Path)
    imp.add_argument("--site", default="demo")
    imp.add_argument("--source", default="import", help="source for rows that name none")

    staff_cmd = command("staff", None, "manage console staff accounts")
    staff_actions = staff_cmd.add_subparsers(required=True, metavar="ACTION")
    add = staff_actions.add_parser(
        "add",
        help="create an account or reset its password (password prompted, or "
        "REASSURE_STAFF_PASSWORD)",
    )
    add.add_argument("username")
    add.add_argument("--name", required=True, help="how the audit log names this person")
    add.set_defaults(handler=cmd_staff_add)
    staff_actions.add_parser("list", help="list accounts").set_defaults(handler=cmd_staff_list)
    remove = staff_actions.add_parser("remove", help="delete an account")
    remove.add_argument("username")
    remove.set_defaults(handler=cmd_staff_remove)
    staff_actions.add_parser(
        "hash", help="print a password hash for a REASSURE_STAFF_FILE entry"
    ).set_defaults(handler=cmd_staff_hash)

    backtest = command("backtest", cmd_backtest, "replay a CSV/JSONL file through the detector")
    backtest.add_argument("file", type=Path)
    backtest.add_argument("--out", type=Path, help="write chart.html and chart.png here")
    backtest.add_argument("--json", action="store_true", help="one JSON object per transition")
    backtest.add_argument("--site", help="use this site's tuning (needs REDIS_URL)")
    backtest.add_argument(
        "--set", action="append", default=[], metavar="NAME=VALUE", help="override a tuning field"
    )
    backtest.add_argument("--lang", default="en", choices=["en", "fr"], help="fallback language")

    replay = command("replay", cmd_replay, "feed a file into a running instance, for drills")
    replay.add_argument("file", type=Path)
    replay.add_argument("--site", default="demo")
    replay.add_argument("--speed", type=float, default=60.0, help="time acceleration (60: 1h/min)")
    return parser


# -- running the parts ------------------------------------------------------------------


def cmd_redis(args, config: Settings) -> int:
    from .embedded_redis import EmbeddedRedis

    server = EmbeddedRedis(config.data_dir / "redis", port=config.redis_port)
    os.execv(server.command()[0], server.command())


def cmd_web(args, config: Settings) -> int:
    _exec(web_command(config, args.workers), config)


def cmd_worker(args, config: Settings) -> int:
    from worker.run import run

    run(connect(config.redis_address), burst=args.burst)
    return 0


def cmd_scheduler(args, config: Settings) -> int:
    from worker.schedule import run

    run(connect(config.redis_address), config)
    return 0


def cmd_console(args, config: Settings) -> int:
    _configure_console_password(connect(config.redis_address), config)
    _load_staff_file(connect(config.redis_address))
    _exec(console_command(config), config)


def _exec(command: list[str], config: Settings) -> None:
    """Become the server process, so signals from a supervisor reach it directly."""
    os.execve(command[0], command, _child_env(config))


def web_command(config: Settings, workers: int = 2) -> list[str]:
    # gevent workers: every open live-event stream is one cheap greenlet, not a thread, so
    # thousands of open funnel pages do not starve the state endpoint.
    options = {
        "worker-class": "gevent",
        "worker-connections": 2000,
        "workers": workers,
        "bind": f"{config.host}:{config.web_port}",
        "graceful-timeout": 5,
        "access-logfile": "-",
    }
    return [sys.executable, "-m", "gunicorn", *_flags(options), "widget:create_app()"]


def console_command(config: Settings) -> list[str]:
    options = {
        "server.port": config.console_port,
        "server.address": config.host,
        "server.headless": "true",
        "browser.gatherUsageStats": "false",
        "client.toolbarMode": "viewer",  # staff need no "Deploy" button
    }
    app = str(ROOT / "console" / "app.py")
    return [sys.executable, "-m", "streamlit", "run", app, *_flags(options)]


def _flags(options: dict) -> list[str]:
    return [part for name, value in options.items() for part in (f"--{name}", str(value))]


def _child_env(config: Settings) -> dict:
    env = dict(os.environ)
    env["REDIS_URL"] = config.redis_address
    env["REASSURE_PUBLIC_URL"] = config.web_url
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def cmd_up(args, config: Settings) -> int:
    from .embedded_redis import EmbeddedRedis, RedisNotFound

    config.data_dir.mkdir(parents=True, exist_ok=True)
    server = None
    if config.embedded:
        try:
            server = EmbeddedRedis(config.data_dir / "redis", port=config.redis_port).start()
        except RedisNotFound as exc:
            print(f"reassure: {exc}", file=sys.stderr)
            return 2
    r = connect(config.redis_address)
    token = _ensure_demo_site(r, config)
    password = _configure_console_password(r, config)
    _load_staff_file(r)
    env = _child_env(config)
    # Each part runs in its own session, so a Ctrl-C in the terminal reaches only us and we
    # stop the parts in order (faces first, the worker after its current job, Redis last).
    children = {
        name: subprocess.Popen(command, env=env, start_new_session=True)
        for name, command in (
            ("web", web_command(config)),
            ("console", console_command(config)),
            ("scheduler", [sys.executable, "-m", "reassure.cli", "scheduler"]),
            ("worker", [sys.executable, "-m", "reassure.cli", "worker"]),
        )
    }
    _print_welcome(config, token, password)
    stopping = False

    def stop(*_):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    exit_code = 0
    try:
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    print(
                        f"reassure: {name} exited ({child.returncode}); stopping", file=sys.stderr
                    )
                    stopping, exit_code = True, 1
            time.sleep(0.5)
    finally:
        _stop_children(children)
        if server:
            server.stop()
        print("reassure: stopped; data kept in", config.data_dir)
    return exit_code


def _stop_children(children: dict[str, subprocess.Popen], timeout: float = 20) -> None:
    for child in children.values():
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
    for child in children.values():
        try:
            child.wait(timeout)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


def _ensure_demo_site(r, config: Settings) -> str | None:
    """Create the demo site when there is no site yet; return its token if we know it."""
    from . import demo, sites

    token_file = config.data_dir / "demo-admin-token"
    if not sites.list_sites(r):
        token = demo.create_demo_site(r)
        _write_secret(token_file, token)
        return token
    return token_file.read_text().strip() if token_file.exists() else None


def _configure_console_password(r, config: Settings) -> str | None:
    """The staff password: REASSURE_CONSOLE_PASSWORD, else one generated once and kept
    (readable by this user only) in the data directory."""
    from . import staff

    password = config.console_password
    if not password:
        secret_file = config.data_dir / "console-password"
        if not secret_file.exists():
            _write_secret(secret_file, secrets.token_urlsafe(12))
        password = secret_file.read_text().strip()
    staff.set_password(r, password)
    return password


def _write_secret(path: Path, value: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(value + "\n")


def _print_welcome(config: Settings, token: str | None, password: str | None) -> None:
    web = config.web_url
    token_text = token or f"(see {config.data_dir / 'demo-admin-token'})"
    redis_text = config.redis_address
    if config.embedded:
        redis_text += f" (embedded, data in {config.data_dir / 'redis'})"
    print(
        "\nReassure is up.\n"
        f"  Demo funnel page  {web}/demo\n"
        f"  Console           http://{config.host}:{config.console_port}"
        f"   (username: admin, password: {password})\n"
        f"  API               {web}/v1/sites/demo/state\n"
        f"  Demo admin token  {token_text}\n"
        f"  Redis             {redis_text}\n"
        "Press Ctrl-C to stop.\n",
        flush=True,
    )


# -- administration ---------------------------------------------------------------------


def cmd_site_create(args, config: Settings) -> int:
    from . import sites

    _, token = sites.create_site(
        connect(config.redis_address), slug=args.slug, name=args.name, default_locale=args.locale
    )
    print(f"site {args.slug} created; admin token (shown once): {token}")
    return 0


def cmd_site_list(args, config: Settings) -> int:
    from . import sites

    r = connect(config.redis_address)
    for slug in sites.list_sites(r):
        print(f"{slug}\t{sites.get_site(r, slug).name}")
    return 0


def cmd_site_rotate(args, config: Settings) -> int:
    from . import sites

    print(sites.rotate_token(connect(config.redis_address), args.slug))
    return 0


def cmd_import(args, config: Settings) -> int:
    from tqdm import tqdm

    from .errors import InvalidInput
    from .importer import read_mentions
    from .ingest import store_mentions
    from .sites import get_site

    r = connect(config.redis_address)
    get_site(r, args.site)
    try:
        mentions = read_mentions(args.file, args.source)
    except InvalidInput as exc:
        print(f"reassure: nothing imported, {len(exc.problems)} problem(s):", file=sys.stderr)
        for field, message in exc.problems[:50]:
            print(f"  {field}: {message}", file=sys.stderr)
        return 2
    accepted = duplicates = 0
    batch = config.batch_size
    with tqdm(total=len(mentions), unit="mention", desc=f"import {args.file.name}") as bar:
        for start in range(0, len(mentions), batch):
            result = store_mentions(r, args.site, mentions[start : start + batch])
            accepted += result.accepted
            duplicates += result.duplicates
            bar.update(len(mentions[start : start + batch]))
    print(f"imported {accepted} mention(s), {duplicates} already known")
    return 0


# -- backtest and drills ------------------------------------------------------------------


def cmd_backtest(args, config: Settings) -> int:
    import json

    from . import timeline
    from .sites import Tuning, get_site

    base = get_site(connect(config.redis_address), args.site).tuning if args.site else Tuning()
    tuning = Tuning.parse(_tuning_changes(args.set), base)
    result = timeline.run_backtest(timeline.load_file(args.file), tuning, fallback_lang=args.lang)
    for t in result.transitions:
        if args.json:
            print(json.dumps(t.as_dict(), ensure_ascii=False))
        else:
            print(f"{t.time:%Y-%m-%d %H:%M} UTC  {t.level.label.upper()}")
            for reason in t.reasons:
                print(f"    - {reason}")
    if not result.transitions and not args.json:
        print("calm throughout: the detector would not have raised the level")
    if args.out:
        html, png = timeline.write_chart(result, args.out)
        print(f"chart: {html} {png}", file=sys.stderr)
    return 0


def _tuning_changes(pairs: list[str]) -> dict:
    """NAME=VALUE pairs, values read as JSON when they parse (numbers, objects)."""
    import json

    from .errors import InvalidInput

    changes = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep:
            raise InvalidInput.one("--set", f"expected NAME=VALUE, got {pair!r}")
        try:
            changes[name.strip()] = json.loads(value)
        except json.JSONDecodeError:
            changes[name.strip()] = value
    return changes


def cmd_replay(args, config: Settings) -> int:
    from tqdm import tqdm

    from .replay import replay
    from .timeline import load_file

    mentions = load_file(args.file)
    r = connect(config.redis_address)
    with tqdm(total=len(mentions), unit="mention", desc=f"replay x{args.speed:g}") as bar:
        accepted = replay(r, args.site, mentions, args.speed, progress=bar.update)
    print(f"replayed {accepted} mention(s) into {args.site}")
    return 0


# -- staff accounts -------------------------------------------------------------------------


def _load_staff_file(r) -> None:
    """Accounts from REASSURE_STAFF_FILE (TOML), when set; the whole file or nothing."""
    from . import staff

    path = os.environ.get("REASSURE_STAFF_FILE")
    if path:
        loaded = staff.load_file(r, Path(path))
        print(f"reassure: {len(loaded)} staff account(s) loaded from {path}", file=sys.stderr)


def _new_password(prompt: str = "Password: ") -> str:
    import getpass

    password = os.environ.get("REASSURE_STAFF_PASSWORD")
    if password:
        return password
    password = getpass.getpass(prompt)
    if getpass.getpass("Again: ") != password:
        from .errors import InvalidInput

        raise InvalidInput.one("password", "the two entries differ")
    return password


def cmd_staff_add(args, config: Settings) -> int:
    from . import staff

    account = staff.add_account(
        connect(config.redis_address), args.username, args.name, _new_password()
    )
    print(f"staff account {account.username} ({account.name}) saved")
    return 0


def cmd_staff_list(args, config: Settings) -> int:
    from . import staff

    for account in staff.list_accounts(connect(config.redis_address)):
        print(f"{account.username}\t{account.name}")
    return 0


def cmd_staff_remove(args, config: Settings) -> int:
    from . import staff

    if not staff.remove_account(connect(config.redis_address), args.username):
        print(f"reassure: no staff account {args.username!r}", file=sys.stderr)
        return 2
    print(f"staff account {args.username} removed")
    return 0


def cmd_staff_hash(args, config: Settings) -> int:
    from . import staff
    from .errors import InvalidInput

    password = _new_password()
    if len(password) < staff.MIN_PASSWORD:
        raise InvalidInput.one("password", f"needs at least {staff.MIN_PASSWORD} characters")
    print(staff.hash_password(password))
    return 0


if __name__ == "__main__":
    sys.exit(main())
