import math

import pytest

from reassure.stats import negative_binomial_tail, poisson_tail, wilson_lower


def test_poisson_tail_of_zero_events_is_certain():
    assert poisson_tail(0, 3.0) == 1.0


def test_poisson_tail_matches_the_closed_form_for_one_event():
    assert poisson_tail(1, 2.0) == pytest.approx(1 - math.exp(-2.0))


def test_poisson_tail_keeps_tiny_probabilities_exact():
    # P(X >= 10 | mu = 0.1) is dominated by the k = 10 term: e^-0.1 * 0.1^10 / 10!
    expected = math.exp(-0.1) * 0.1**10 / math.factorial(10)
    assert poisson_tail(10, 0.1) == pytest.approx(expected, rel=1e-3)


def test_poisson_tail_below_the_mean_is_likely():
    assert poisson_tail(2, 3.0) > 0.75


def test_wilson_lower_bound_is_cautious_with_few_trials():
    assert wilson_lower(3, 3) < 0.5 < wilson_lower(30, 30)


def test_wilson_lower_bound_of_nothing_is_zero():
    assert wilson_lower(0, 0) == 0.0


def test_negative_binomial_tail_is_poisson_without_overdispersion():
    assert negative_binomial_tail(5, 1.2, 0.0) == poisson_tail(5, 1.2)


def test_negative_binomial_tail_steps_by_its_probability_mass():
    # P(X >= 3) - P(X >= 4) = P(X = 3), with r = 1 / dispersion and q = mu / (r + mu)
    mu, dispersion = 2.0, 0.5
    size = 1 / dispersion
    q = mu / (size + mu)
    mass = math.comb(3 + int(size) - 1, 3) * (1 - q) ** size * q**3
    step = negative_binomial_tail(3, mu, dispersion) - negative_binomial_tail(4, mu, dispersion)
    assert step == pytest.approx(mass)


def test_overdispersion_makes_a_busy_brands_swings_less_surprising():
    assert negative_binomial_tail(70, 50, 0.1) > 10 * poisson_tail(70, 50)


def test_negative_binomial_tail_keeps_tiny_probabilities():
    assert 0 < negative_binomial_tail(12, 0.05, 0.1) < 1e-15
