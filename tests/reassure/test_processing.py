"""Exactly-once counting: killed workers, racing workers, and a Redis restart."""

import subprocess
import sys
import textwrap

from reassure import buckets, ingest, processing
from reassure.embedded_redis import EmbeddedRedis
from reassure.sites import create_site
from reassure.store import MENTION_GROUP, Keys, connect
from tests.conftest import ROOT, child_env

NEGATIVE = "Terrible service, they stole my money. Scam!"


def negatives(n: int, start: int = 0) -> dict:
    return {
        "mentions": [
            {"source": "tickets", "external_id": str(i), "text": NEGATIVE, "lang": "en"}
            for i in range(start, start + n)
        ]
    }


def counted(r, slug: str) -> int:
    """Mentions counted in the buckets of the last hour."""
    import time

    now_minute = int(time.time() // 60)
    return buckets.total(buckets.minutes(r, slug, now_minute - 60, now_minute + 1).values()).n


def pending(r, slug: str) -> int:
    return r.xpending(Keys(slug).mentions, MENTION_GROUP)["pending"]


def site(r, slug="acme"):
    create_site(r, slug=slug, name="Acme")
    return slug


def test_a_worker_counts_every_mention_once(r, work):
    slug = site(r)
    ingest.ingest(r, slug, negatives(30))
    work()
    assert counted(r, slug) == 30 and pending(r, slug) == 0


def test_a_worker_killed_mid_batch_leaves_its_mentions_to_the_next_one(
    r, redis_server, work, monkeypatch
):
    slug = site(r)
    ingest.ingest(r, slug, negatives(100))
    # A real RQ worker process that is SIGKILLed after reading its second batch, before
    # counting it: the state a crash, an OOM kill or a pulled plug leaves behind.
    script = textwrap.dedent(
        """
        import os, signal
        from rq import SimpleWorker
        from reassure import processing
        from reassure.dispatch import QUEUE_NAME
        from reassure.store import connect, raw_client
        real_apply, calls = processing.apply_batch, []
        def apply_then_die(r, slug, entries, lang):
            calls.extend([1] if entries else [])
            if len(calls) == 2:
                os.kill(os.getpid(), signal.SIGKILL)
            return real_apply(r, slug, entries, lang)
        processing.apply_batch = apply_then_die
        r = connect(os.environ["REDIS_URL"])
        SimpleWorker([QUEUE_NAME], connection=raw_client(r)).work(burst=True)
        """
    )
    env = child_env(redis_server.url, REASSURE_BATCH_SIZE="30")
    died = subprocess.run([sys.executable, "-c", script], env=env, cwd=ROOT, timeout=60)
    assert died.returncode == -9
    assert (counted(r, slug), pending(r, slug)) == (30, 30)

    monkeypatch.setenv("REASSURE_CLAIM_IDLE_MS", "0")
    from reassure.dispatch import request_processing

    request_processing(r, slug)
    work()
    assert (counted(r, slug), pending(r, slug)) == (100, 0)


def test_two_workers_racing_for_the_same_batch_count_it_once(r):
    slug = site(r)
    ingest.ingest(r, slug, negatives(10))
    entries = r.xreadgroup(MENTION_GROUP, "first", {Keys(slug).mentions: ">"})[0][1]
    assert processing.apply_batch(r, slug, entries, "en") == 10
    assert processing.apply_batch(r, slug, entries, "en") == 0
    assert counted(r, slug) == 10


def test_accepted_mentions_survive_a_redis_crash(tmp_path, work):
    server = EmbeddedRedis(tmp_path / "redis").start()
    try:
        r = connect(server.url)
        slug = site(r)
        result = ingest.ingest(r, slug, negatives(25))
        assert result.accepted == 25
        server.kill()  # SIGKILL straight after the acknowledgement: no clean shutdown
        server.start()
        r = connect(server.url)
        assert r.xlen(Keys(slug).mentions) == 25
        again = ingest.ingest(r, slug, negatives(25))  # the dedup index survived too
        assert again.duplicates == 25
    finally:
        server.stop()


def test_counts_survive_a_redis_restart_without_double_counting(tmp_path):
    server = EmbeddedRedis(tmp_path / "redis").start()
    try:
        r = connect(server.url)
        slug = site(r)
        ingest.ingest(r, slug, negatives(40))
        processing.drain(r, slug, batch_size=15)
        server.stop()
        server.start()
        r = connect(server.url)
        processing.drain(r, slug, claim_idle_ms=0)
        assert counted(r, slug) == 40 and pending(r, slug) == 0
    finally:
        server.stop()


def test_language_is_detected_when_not_given(r):
    slug = site(r)
    ingest.ingest(
        r,
        slug,
        {
            "mentions": [
                {
                    "source": "forum",
                    "external_id": "fr1",
                    "text": "Livraison en retard, très déçu, arnaque",
                },
                {
                    "source": "forum",
                    "external_id": "en1",
                    "text": "Late delivery, very disappointed",
                },
            ]
        },
    )
    processing.drain(r, slug)
    by_id = {m.external_id: m for m in processing.recent_mentions(r, slug)}
    assert by_id["fr1"].lang == "fr" and by_id["fr1"].sentiment == "negative"
    assert by_id["en1"].lang == "en" and by_id["en1"].sentiment == "negative"


def test_critical_categories_are_counted_in_the_buckets(r):
    import time

    slug = site(r)
    ingest.ingest(
        r,
        slug,
        {
            "mentions": [
                {"source": "x", "external_id": "a", "text": "They leaked my data, awful"},
                {"source": "x", "external_id": "b", "text": "Fraud! They charged me twice"},
                {"source": "x", "external_id": "c", "text": "Lovely shop"},
            ]
        },
    )
    processing.drain(r, slug)
    now_minute = int(time.time() // 60)
    minute = buckets.total(buckets.minutes(r, slug, now_minute - 5, now_minute + 1).values())
    hour = buckets.total(
        buckets.hours(r, slug, now_minute // 60 - 1, now_minute // 60 + 1).values()
    )
    assert minute.categories == hour.categories == {"data_leak": 1, "fraud": 1}
    assert (minute.n, minute.neg) == (3, 2)


def test_mentions_that_need_a_human_are_flagged_with_reasons(r):
    slug = site(r)
    ingest.ingest(
        r,
        slug,
        {
            "mentions": [
                {"source": "x", "external_id": "lawyer", "text": "Awful. My lawyer will sue you."},
                {"source": "x", "external_id": "meh", "text": "A bit slow, disappointed."},
            ]
        },
    )
    processing.drain(r, slug)
    by_id = {m.external_id: m for m in processing.recent_mentions(r, slug)}
    assert by_id["lawyer"].needs_attention
    assert "legal threat" in by_id["lawyer"].attention_reasons
    assert not by_id["meh"].needs_attention and by_id["meh"].attention_reasons == []


def test_mentions_stored_before_categories_existed_still_parse():
    from reassure.mentions import ScoredMention

    old = (
        '{"id": "1-0", "source": "x", "external_id": "e", "text": "t", "lang": "en",'
        ' "created_at": "2026-01-01T00:00:00Z", "compound": 0.0, "sentiment": "neutral"}'
    )
    mention = ScoredMention.model_validate_json(old)
    assert (mention.categories, mention.needs_attention, mention.attention_reasons) == (
        [],
        False,
        [],
    )
