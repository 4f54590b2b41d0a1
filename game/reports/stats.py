"""The arithmetic of the reports, on plain numbers: no rows, no SQL, no pygame.

Item statistics follow Moodle's quiz statistics (first attempts; population moments):
  facility F = 100 * mean(x) / max(x)
  discrimination index D = 100 * r(x, X - x): the correlation of the item score with the
      rest of the test (the attempt's total minus this item)
  discriminative efficiency E = 100 * cov(x, X - x) / cov_max, where cov_max is the
      covariance with x and X - x each sorted ascending and paired rank by rank (the
      largest covariance the two distributions allow)
  Cronbach's alpha = k / (k - 1) * (1 - sum of item variances / variance of totals)
  normalised gain g = (post - pre) / (100 - pre), percentages
Each function returns None where the figure is undefined (no spread, too few answers).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TypedDict


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def median(values: Iterable[float]) -> float | None:
    ordered = sorted(values)
    n = len(ordered)
    if not n:
        return None
    mid = n // 2
    return float(ordered[mid]) if n % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def percent(part: float, whole: float) -> float | None:
    return 100.0 * part / whole if whole else None


def variance_from_sums(n: int, total: float, squares: float) -> float | None:
    """Population variance from n, sum and sum of squares (clamped at 0 against rounding)."""
    if n <= 0:
        return None
    return max(0.0, squares / n - (total / n) ** 2)


def covariance_from_sums(n: int, sx: float, sy: float, sxy: float) -> float | None:
    if n <= 0:
        return None
    return sxy / n - (sx / n) * (sy / n)


def facility(n: int, sum_x: float, max_score: float) -> float | None:
    """100 * mean score / max score."""
    if n <= 0 or max_score <= 0:
        return None
    return 100.0 * sum_x / (n * max_score)


def discrimination_index(n: int, sx: float, sr: float, sxx: float, srr: float, sxr: float) -> float | None:
    """100 * Pearson correlation of item score x and rest-of-test score r, from sums."""
    if n < 2:
        return None
    vx = variance_from_sums(n, sx, sxx)
    vr = variance_from_sums(n, sr, srr)
    cov = covariance_from_sums(n, sx, sr, sxr)
    if not vx or not vr or cov is None or vx < 1e-12 or vr < 1e-12:
        return None
    return 100.0 * cov / math.sqrt(vx * vr)


def discriminative_efficiency(n: int, sx: float, sr: float, sxr: float, sxr_sorted: float) -> float | None:
    """100 * cov(x, r) / cov_max(x, r); sxr_sorted = sum of x_(i) * r_(i), both sorted ascending."""
    if n < 2:
        return None
    cov = covariance_from_sums(n, sx, sr, sxr)
    cov_max = covariance_from_sums(n, sx, sr, sxr_sorted)
    if cov is None or cov_max is None or cov_max < 1e-12:
        return None
    return 100.0 * cov / cov_max


def cronbach_alpha(item_variances: Sequence[float], total_variance: float | None) -> float | None:
    k = len(item_variances)
    if k < 2 or not total_variance or total_variance < 1e-12:
        return None
    return k / (k - 1) * (1.0 - sum(item_variances) / total_variance)


def normalised_gain(pre_percent: float | None, post_percent: float | None) -> float | None:
    """Hake's g = (post - pre) / (100 - pre); undefined when pre is 100 % (nothing left to gain)."""
    if pre_percent is None or post_percent is None or pre_percent >= 100.0 - 1e-9:
        return None
    return (post_percent - pre_percent) / (100.0 - pre_percent)


# -- the same figures from plain lists (for tests, and for anyone checking the SQL by hand) ----
class Sums(TypedDict):
    """The moments of paired item scores x and rest scores r, as the SQL computes them."""

    n: int
    sx: float
    sr: float
    sxx: float
    srr: float
    sxr: float
    sxr_sorted: float  # sum of x_(i) * r_(i), both sorted ascending


def sums(x: Sequence[float], r: Sequence[float]) -> Sums:
    """The moments the SQL computes, from paired lists of item scores x and rest scores r."""
    return {
        "n": len(x),
        "sx": float(sum(x)),
        "sr": float(sum(r)),
        "sxx": float(sum(v * v for v in x)),
        "srr": float(sum(v * v for v in r)),
        "sxr": float(sum(a * b for a, b in zip(x, r))),
        "sxr_sorted": float(sum(a * b for a, b in zip(sorted(x), sorted(r)))),
    }


def item_figures(x: Sequence[float], r: Sequence[float]) -> tuple[float | None, float | None]:
    """(discrimination index, discriminative efficiency) from paired lists."""
    s = sums(x, r)
    di = discrimination_index(s["n"], s["sx"], s["sr"], s["sxx"], s["srr"], s["sxr"])
    de = discriminative_efficiency(s["n"], s["sx"], s["sr"], s["sxr"], s["sxr_sorted"])
    return di, de
