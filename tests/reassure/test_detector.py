from reassure.buckets import Counts
from reassure.detector import judge
from reassure.levels import Level
from reassure.state import next_computed

DAY = 24 * 60


def test_no_mentions_is_calm():
    assert judge(Counts(), 0, 7 * DAY, 15).level == Level.CALM


def test_a_burst_of_negative_mentions_is_a_crisis():
    burst = Counts(n=14, neg=12)
    assessment = judge(burst, history_negatives=3, history_minutes=7 * DAY, window_minutes=15)
    assert assessment.level == Level.CRISIS
    assert "12 negative of 14 mentions" in assessment.reasons[0]


def test_a_positive_viral_spike_stays_calm():
    spike = Counts(n=400, neg=8, pos=380)
    assert judge(spike, 3, 7 * DAY, 15).level == Level.CALM


def test_a_few_negatives_against_a_quiet_history_is_only_watch():
    assert judge(Counts(n=3, neg=3), 2, 7 * DAY, 15).level == Level.WATCH


def test_negatives_as_usual_for_a_busy_brand_stay_calm():
    # 20 negatives in 15 min is normal for a brand with ~2 negatives a minute.
    usual = Counts(n=60, neg=20)
    assert (
        judge(
            usual, history_negatives=2 * 7 * DAY, history_minutes=7 * DAY, window_minutes=15
        ).level
        == Level.CALM
    )


def test_a_high_sensitivity_site_reacts_to_fewer_negatives():
    five = Counts(n=5, neg=5)
    assert judge(five, 0, 7 * DAY, 15, "normal").level == Level.ALERT
    assert judge(five, 0, 7 * DAY, 15, "high").level == Level.CRISIS


def test_level_rises_at_once():
    level, changed_at, _ = next_computed(
        Level.CALM, Level.CRISIS, 0, None, now=100, cooldown_seconds=600
    )
    assert (level, changed_at) == (Level.CRISIS, 100)


def test_level_holds_during_the_cool_down():
    level, _, below_since = next_computed(
        Level.CRISIS, Level.CALM, 0, None, now=100, cooldown_seconds=600
    )
    assert level == Level.CRISIS and below_since == 100


def test_level_falls_one_step_after_the_cool_down():
    level, changed_at, below_since = next_computed(
        Level.CRISIS, Level.CALM, 0, 100, now=800, cooldown_seconds=600
    )
    assert level == Level.ALERT and changed_at == 800 and below_since == 800
