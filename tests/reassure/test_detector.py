"""The detector's rule, on hand-made windows of counts (the same judge the live path runs)."""

import pytest

from reassure.buckets import Counts, MemoryBuckets
from reassure.detector import Baseline, Windows, baseline, judge
from reassure.errors import InvalidInput
from reassure.levels import Level
from reassure.sites import Tuning
from reassure.state import next_computed

DAY = 24 * 3600
SMALL_BUSINESS = Baseline(negatives_per_minute=4 / 1440, history_days=20, weekly=True)


def windows(recent=None, short=None, hour=None, impact=None, base=SMALL_BUSINESS) -> Windows:
    recent = recent or Counts()
    return Windows(
        recent=recent,
        short=short or Counts(),
        hour=hour or recent,
        impact=impact or recent,
        baseline=base,
    )


def level(w: Windows, **tuning) -> Level:
    return judge(w, Tuning(**tuning)).level


def test_no_mentions_is_calm():
    assessment = judge(windows(), Tuning())
    assert assessment.level == Level.CALM
    assert assessment.reasons[0].startswith("no mentions in the last 15 min")


def test_a_burst_of_negative_mentions_is_a_crisis_with_reasons_in_numbers():
    burst = Counts(n=14, neg=12)
    assessment = judge(windows(recent=burst, short=burst), Tuning())
    assert assessment.level == Level.CRISIS
    assert "12 negative of 14 mentions in the last 15 min" in assessment.reasons[0]
    assert any(r.startswith("accelerating") for r in assessment.reasons)


def test_a_positive_viral_spike_stays_calm():
    spike = Counts(n=400, neg=8, pos=380)
    assert level(windows(recent=spike, short=spike)) == Level.CALM


def test_three_negatives_against_a_quiet_history_is_only_watch():
    three = Counts(n=3, neg=3)
    assert level(windows(recent=three, hour=Counts(n=10, neg=6))) == Level.WATCH


def test_negatives_as_usual_for_a_busy_brand_stay_calm():
    busy = Baseline(negatives_per_minute=2.0, history_days=30, weekly=True)
    usual = Counts(n=90, neg=32)
    assert level(windows(recent=usual, base=busy)) == Level.CALM


def test_a_high_sensitivity_site_reacts_to_fewer_negatives():
    five = Counts(n=5, neg=5)
    w = windows(recent=five, hour=Counts(n=20, neg=12))
    assert level(w, sensitivity="normal") == Level.ALERT
    assert level(w, sensitivity="high") == Level.CRISIS
    assert level(w, sensitivity="low") == Level.WATCH


def test_a_single_viral_negative_post_raises_the_level_through_reach():
    viral = Counts(n=1, neg=1, reach_neg=1_500_000)
    assessment = judge(windows(recent=viral), Tuning())
    assert assessment.level == Level.ALERT
    assert any("reached 1,500,000 people" in r for r in assessment.reasons)


def test_a_single_data_leak_mention_raises_the_level_at_low_volume():
    leak = Counts(n=1, neg=1, categories={"data_leak": 1})
    assert level(windows(recent=leak)) == Level.ALERT


def test_a_low_sensitivity_site_takes_categories_one_step_less_seriously():
    leak = Counts(n=1, neg=1, categories={"data_leak": 1})
    assert level(windows(recent=leak), sensitivity="low") == Level.WATCH


def test_a_category_severity_can_be_tuned_per_site():
    late = Counts(n=3, neg=1, categories={"refund_delivery": 3})
    assert level(windows(recent=late)) == Level.WATCH
    assert level(windows(recent=late), category_severity={"refund_delivery": 0}) == Level.CALM


def test_a_mild_share_of_negatives_caps_the_level_even_when_volume_is_unusual():
    mixed = Counts(n=100, neg=12, pos=80)
    assert level(windows(recent=mixed)) == Level.CALM


def test_a_new_site_uses_the_prior_and_says_so():
    prior = baseline(MemoryBuckets(), Tuning(), created_at=0, now=60)
    assert prior.negatives_per_minute * 1440 == pytest.approx(2.0)
    assert "prior" in prior.describe()


def test_the_baseline_follows_the_hour_of_the_week_after_two_weeks():
    source = MemoryBuckets()
    now = 30 * DAY + 20 * 3600  # a Saturday evening, 20:00 UTC
    for week in range(1, 5):  # ten negatives at this hour in each earlier week, none else
        source.add(now - week * 7 * DAY, Counts(n=10, neg=10))
    weekly = baseline(source, Tuning(), created_at=0, now=now)
    morning = baseline(source, Tuning(), created_at=0, now=now - 10 * 3600)
    assert weekly.weekly and weekly.negatives_per_minute > 5 * morning.negatives_per_minute


def test_before_two_weeks_the_baseline_is_the_overall_rate():
    source = MemoryBuckets()
    source.add(5 * DAY, Counts(n=20, neg=20))
    early = baseline(source, Tuning(), created_at=0, now=10 * DAY)
    assert not early.weekly
    assert early.negatives_per_minute * 1440 == pytest.approx((20 + 1) / 10.5, rel=0.02)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"window_minutes": 0}, "window_minutes"),
        ({"sensitivity": "panicky"}, "sensitivity"),
        ({"alert_min_negatives": 2}, "alert_min_negatives"),
        ({"crisis_max_p": 0.5}, "crisis_max_p"),
        ({"reach_crisis": 5}, "reach_crisis"),
        ({"category_severity": {"weather": 2}}, "category_severity"),
        ({"cooldown_minute": 5}, "cooldown_minute"),
    ],
)
def test_bad_tuning_names_the_field(changes, field):
    with pytest.raises(InvalidInput) as caught:
        Tuning.parse(changes)
    assert field in [f for f, _ in caught.value.problems]


def test_level_rises_at_once():
    level_, changed_at, _ = next_computed(
        Level.CALM, Level.CRISIS, 0, None, now=100, cooldown_seconds=600
    )
    assert (level_, changed_at) == (Level.CRISIS, 100)


def test_level_holds_during_the_cool_down():
    level_, _, below_since = next_computed(
        Level.CRISIS, Level.CALM, 0, None, now=100, cooldown_seconds=600
    )
    assert level_ == Level.CRISIS and below_since == 100


def test_level_falls_one_step_after_the_cool_down():
    level_, changed_at, below_since = next_computed(
        Level.CRISIS, Level.CALM, 0, 100, now=800, cooldown_seconds=600
    )
    assert level_ == Level.ALERT and changed_at == 800 and below_since == 800


def test_level_is_held_for_its_minimum_dwell():
    level_, _, _ = next_computed(
        Level.ALERT, Level.CALM, 700, 100, now=800, cooldown_seconds=600, dwell_seconds=300
    )
    assert level_ == Level.ALERT


def test_a_rise_during_the_cool_down_restarts_it():
    _, _, below_since = next_computed(
        Level.ALERT, Level.ALERT, 0, 100, now=500, cooldown_seconds=600
    )
    assert below_since is None
