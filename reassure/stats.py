"""Count statistics that stay honest at low volume."""

from __future__ import annotations

import math


def poisson_tail(k: int, mu: float) -> float:
    """P(X >= k) for X ~ Poisson(mu): how surprising k events are when mu were expected."""
    if k <= 0:
        return 1.0
    if mu <= 0:
        return 0.0
    if k > mu:  # the upper tail, summed directly so that tiny probabilities keep their digits
        total, i = 0.0, k
        while True:
            term = math.exp(-mu + i * math.log(mu) - math.lgamma(i + 1))
            total += term
            if term < total * 1e-12 or i > k + 10_000:
                return min(1.0, total)
            i += 1
    lower = sum(math.exp(-mu + i * math.log(mu) - math.lgamma(i + 1)) for i in range(k))
    return max(0.0, 1.0 - lower)


def wilson_lower(successes: int, trials: int, z: float = 1.96) -> float:
    """Lower bound of the Wilson score interval: a share that small samples cannot inflate."""
    if trials == 0:
        return 0.0
    p = successes / trials
    denom = 1 + z * z / trials
    centre = p + z * z / (2 * trials)
    margin = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return max(0.0, (centre - margin) / denom)


def negative_binomial_tail(k: int, mu: float, dispersion: float) -> float:
    """P(X >= k) for a negative binomial of mean mu and variance mu + dispersion * mu**2.

    Real mention counts are burstier than Poisson (one angry thread brings friends), so a
    busy brand's usual swings must not read as anomalies; at low volume it is Poisson."""
    if dispersion <= 0:
        return poisson_tail(k, mu)
    if k <= 0:
        return 1.0
    if mu <= 0:
        return 0.0
    size = 1 / dispersion
    q = mu / (size + mu)  # the "failure" probability of the negative binomial
    log_first = size * math.log(1 - q)  # log P(X = 0)
    if k > mu:  # upper tail, summed from k upward so tiny probabilities keep their digits
        log_term = log_first + math.lgamma(k + size) - math.lgamma(size) - math.lgamma(k + 1)
        log_term += k * math.log(q)
        term, total, i = math.exp(log_term), 0.0, k
        while term > 0:
            total += term
            if term < total * 1e-12 or i > k + 100_000:
                break
            term *= (i + size) / (i + 1) * q
            i += 1
        return min(1.0, total)
    term, lower = math.exp(log_first), 0.0
    for i in range(k):
        lower += term
        term *= (i + size) / (i + 1) * q
    return max(0.0, 1.0 - lower)
