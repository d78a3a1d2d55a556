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
