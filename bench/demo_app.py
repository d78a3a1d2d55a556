"""The product as the benches measure it: an embedded redis-server with the demo site, and
the real web app (`reassure web`, gunicorn, one worker) in front of it."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import requests

from reassure import demo
from reassure.embedded_redis import EmbeddedRedis, free_port
from reassure.store import connect

ROOT = Path(__file__).resolve().parent.parent


class running_demo:
    """`with running_demo(data_dir) as url:` the demo site's base URL; both stop on exit."""

    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir

    def __enter__(self) -> str:
        self.redis = EmbeddedRedis(self.data_dir / "redis").start()
        demo.create_demo_site(connect(self.redis.url))
        port = free_port()
        env = {
            **os.environ,
            "REDIS_URL": self.redis.url,
            "REASSURE_WEB_PORT": str(port),
            "PYTHONPATH": str(ROOT),
        }
        self.web = subprocess.Popen(
            [sys.executable, "-m", "reassure.cli", "web", "--workers", "1"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while True:
            try:
                requests.get(url + "/healthz", timeout=1)
                requests.get(url + "/widget.js", timeout=10)  # minified once, before timing
                return url
            except requests.RequestException:
                if time.monotonic() > deadline:
                    self.__exit__()
                    raise
                time.sleep(0.1)

    def __exit__(self, *exc) -> None:
        self.web.terminate()
        self.web.wait(10)
        self.redis.stop()
