"""The `reassure` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import pytest
import requests

from reassure.embedded_redis import free_port
from reassure.store import Keys

from .conftest import ROOT, child_env, port_is_open, wait_for_http


def reassure(redis_url: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "reassure.cli", *args],
        env=child_env(redis_url),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def test_import_reads_a_csv_and_shows_progress(r, redis_server, demo_token, tmp_path):
    csv_file = tmp_path / "reviews.csv"
    csv_file.write_text(
        "text,created_at,source,author,rating\n"
        "Great product,2026-01-02T10:00:00Z,reviews,Ann,5\n"
        "Never arrived,2026-01-03T11:00:00Z,reviews,Bob,1\n"
    )
    result = reassure(redis_server.url, "import", str(csv_file), "--site", "demo")
    assert result.returncode == 0, result.stderr
    assert "imported 2 mention(s)" in result.stdout
    assert "2/2" in result.stderr  # tqdm's progress bar


def test_importing_the_same_file_twice_stores_nothing_new(r, redis_server, demo_token, tmp_path):
    jsonl = tmp_path / "posts.jsonl"
    jsonl.write_text(json.dumps({"text": "Love it", "created_at": "2026-02-01T09:00:00Z"}) + "\n")
    reassure(redis_server.url, "import", str(jsonl), "--site", "demo")
    again = reassure(redis_server.url, "import", str(jsonl), "--site", "demo")
    assert "imported 0 mention(s), 1 already known" in again.stdout


def test_a_file_with_a_bad_line_imports_nothing_and_names_line_and_field(
    r, redis_server, demo_token, tmp_path
):
    jsonl = tmp_path / "posts.jsonl"
    jsonl.write_text(
        json.dumps({"text": "ok", "created_at": "2026-02-01T09:00:00Z"})
        + "\n"
        + json.dumps({"text": "", "created_at": "2026-02-01T09:00:00Z"})
        + "\n"
    )
    before = r.xlen(Keys("demo").mentions)
    result = reassure(redis_server.url, "import", str(jsonl), "--site", "demo")
    assert result.returncode == 2
    assert "line 2: text" in result.stderr
    assert r.xlen(Keys("demo").mentions) == before


def test_site_create_prints_a_token_that_the_api_accepts(r, redis_server):
    result = reassure(redis_server.url, "site", "create", "acme", "--name", "Acme")
    token = result.stdout.strip().split()[-1]
    from reassure.sites import token_is_valid

    assert token_is_valid(r, "acme", token)


@pytest.fixture
def up_env(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "REDIS_URL"}
    env.update(
        REASSURE_DATA_DIR=str(tmp_path / "data"),
        REASSURE_WEB_PORT=str(free_port()),
        REASSURE_CONSOLE_PORT=str(free_port()),
        REASSURE_REDIS_PORT=str(free_port()),
        PYTHONPATH=str(ROOT),
    )
    return env


def start_up(env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "reassure.cli", "up"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def stop(process: subprocess.Popen) -> str:
    process.send_signal(signal.SIGINT)
    output, _ = process.communicate(timeout=30)
    return output


def test_up_runs_everything_and_ctrl_c_stops_every_part(up_env):
    process = start_up(up_env)
    web = f"http://127.0.0.1:{up_env['REASSURE_WEB_PORT']}"
    try:
        wait_for_http(web + "/healthz", timeout=60)
        wait_for_http(f"http://127.0.0.1:{up_env['REASSURE_CONSOLE_PORT']}", timeout=60)
        assert "data-site" in requests.get(web + "/demo", timeout=5).text
        assert requests.get(web + "/v1/sites/demo/state", timeout=5).json()["blocks"]
    finally:
        output = stop(process)
    assert process.returncode == 0, output
    assert "Demo admin token" in output and "/demo" in output
    for name in ("REASSURE_WEB_PORT", "REASSURE_CONSOLE_PORT", "REASSURE_REDIS_PORT"):
        assert not port_is_open(int(up_env[name])), name


def test_up_keeps_the_data_between_runs(up_env):
    web = f"http://127.0.0.1:{up_env['REASSURE_WEB_PORT']}"
    process = start_up(up_env)
    try:
        wait_for_http(web + "/healthz", timeout=60)
        token = (ROOT / up_env["REASSURE_DATA_DIR"] / "demo-admin-token").read_text().strip()
        mention = {"source": "t", "external_id": "keep-1", "text": "hello"}
        requests.post(
            web + "/v1/sites/demo/mentions",
            json={"mentions": [mention]},
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        ).raise_for_status()
    finally:
        stop(process)
    process = start_up(up_env)
    try:
        wait_for_http(web + "/healthz", timeout=60)
        again = requests.post(
            web + "/v1/sites/demo/mentions",
            json={"mentions": [mention]},
            headers={"Authorization": f"Bearer {token}"},
            timeout=5,
        )
        assert again.json()["duplicates"] == 1
    finally:
        stop(process)


# -- backtest and replay ------------------------------------------------------------------


@pytest.fixture
def burst_file(tmp_path):
    from datetime import UTC, datetime

    from reassure import scenarios

    path = tmp_path / "burst.jsonl"
    mentions = scenarios.generate("data_leak", datetime(2026, 3, 2, tzinfo=UTC))
    path.write_text("".join(json.dumps(m) + "\n" for m in mentions))
    return path


def test_backtest_prints_each_transition_with_reasons_and_writes_a_chart(
    redis_server, burst_file, tmp_path
):
    result = reassure(redis_server.url, "backtest", str(burst_file), "--out", str(tmp_path / "o"))
    assert result.returncode == 0, result.stderr
    assert "ALERT" in result.stdout and "data leak" in result.stdout
    assert (tmp_path / "o" / "chart.html").exists() and (tmp_path / "o" / "chart.png").exists()


def test_backtest_json_prints_one_object_per_transition(redis_server, burst_file):
    result = reassure(redis_server.url, "backtest", str(burst_file), "--json")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert lines and all(set(x) == {"time", "level", "reasons"} for x in lines)
    assert lines[0]["level"] == "alert"


def test_backtest_with_a_bad_setting_names_the_field(redis_server, burst_file):
    result = reassure(
        redis_server.url, "backtest", str(burst_file), "--set", "crisis_min_negatives=0"
    )
    assert result.returncode == 2 and "crisis_min_negatives" in result.stderr


def test_replay_feeds_a_file_in_accelerated_time_stamped_now(r, redis_server, demo_token, tmp_path):
    import time

    from reassure.mentions import Mention

    path = tmp_path / "drill.csv"
    path.write_text(
        "text,created_at,external_id\n"
        "First complaint,2026-01-02T10:00:00Z,a\n"
        "Second complaint,2026-01-02T10:30:00Z,b\n"
        "Third complaint,2026-01-02T11:00:00Z,c\n"
    )
    began = time.time()
    result = reassure(redis_server.url, "replay", str(path), "--site", "demo", "--speed", "1800")
    assert result.returncode == 0, result.stderr
    assert "replayed 3 mention(s)" in result.stdout
    entries = r.xrange(Keys("demo").mentions)[-3:]
    stamped = [Mention.model_validate_json(fields["m"]) for _, fields in entries]
    times = [m.created_at.timestamp() for m in stamped]
    assert all(began - 1 <= t <= time.time() for t in times)
    assert 1.5 <= times[-1] - times[0] < 30  # one hour at x1800 is two seconds
    assert all(m.external_id.startswith("replay-") for m in stamped)
