"""Inter-rater agreement for nominal decisions: percent agreement, Fleiss' κ and Krippendorff's α.

Input is a reliability matrix: one row per rater (agent), one column per unit (case), values are category
indices and ``-1`` marks a missing answer. Everything is vectorised with NumPy so a 200 × 500 round, and
leave-one-rater-out α for every agent, take milliseconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

MISSING = -1


def category_counts(ratings: NDArray[np.int_], categories: int) -> NDArray[np.int_]:
    """Units × categories matrix: how many raters put each unit in each category."""
    counts = np.zeros((ratings.shape[1], categories), dtype=np.int64)
    raters, units = np.nonzero(ratings != MISSING)
    np.add.at(counts, (units, ratings[raters, units]), 1)
    return counts


def _alpha_from_counts(counts: NDArray[np.int_]) -> NDArray[np.float64] | float:
    """Nominal α from unit × category counts (leading axes, if any, are independent batches)."""
    m = counts.sum(axis=-1)  # values per unit
    pairable = m >= 2
    counts = np.where(pairable[..., None], counts, 0)
    n_k = counts.sum(axis=-2)  # values per category over pairable units
    n = n_k.sum(axis=-1)
    with np.errstate(divide="ignore", invalid="ignore"):
        agreeing = (counts * (counts - 1)).sum(axis=-1) / np.where(pairable, m - 1, 1)
        observed_agreement = agreeing.sum(axis=-1)  # Σ_k o_kk
        expected_disagreement = n**2 - (n_k**2).sum(axis=-1)
        alpha = 1 - (n - 1) * (n - observed_agreement) / expected_disagreement
    return alpha


def krippendorff_alpha_nominal(ratings: NDArray[np.int_], categories: int) -> float:
    """Krippendorff's α for nominal data; missing answers allowed. NaN when there is no variation at all."""
    return float(_alpha_from_counts(category_counts(ratings, categories)))


def leave_one_out_alpha(ratings: NDArray[np.int_], categories: int) -> NDArray[np.float64]:
    """α recomputed without each rater in turn (row ``i`` of the result leaves out rater ``i``)."""
    counts = category_counts(ratings, categories)
    own = np.zeros((ratings.shape[0], ratings.shape[1], categories), dtype=np.int64)
    raters, units = np.nonzero(ratings != MISSING)
    own[raters, units, ratings[raters, units]] = 1
    return np.asarray(_alpha_from_counts(counts[None, :, :] - own), dtype=np.float64)


def fleiss_kappa(counts: NDArray[np.int_]) -> float:
    """Fleiss' κ from units × categories counts; every unit must have the same number of ratings."""
    counts = np.asarray(counts, dtype=np.float64)
    raters = counts.sum(axis=1)
    if counts.shape[0] == 0 or not np.all(raters == raters[0]) or raters[0] < 2:
        raise ValueError(
            "Fleiss' kappa needs at least one unit and the same number (≥ 2) of ratings per unit"
        )
    n = raters[0]
    per_unit = ((counts**2).sum(axis=1) - n) / (n * (n - 1))
    shares = counts.sum(axis=0) / counts.sum()
    expected = float((shares**2).sum())
    if expected == 1:
        return float("nan")
    return (float(per_unit.mean()) - expected) / (1 - expected)


def pairwise_agreement(counts: NDArray[np.int_]) -> float:
    """Share of agreeing pairs among all pairs of answers to the same unit (percent agreement / 100)."""
    m = counts.sum(axis=1)
    pairs = (m * (m - 1)).sum()
    return float((counts * (counts - 1)).sum() / pairs) if pairs else float("nan")


def unit_agreement(counts: NDArray[np.int_]) -> NDArray[np.float64]:
    """Per unit: the share of agreeing pairs (NaN for units with fewer than two answers)."""
    m = counts.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        return (counts * (counts - 1)).sum(axis=1) / (m * (m - 1))


@dataclass(frozen=True)
class Band:
    """A named range of a statistic: values above ``lower`` (or equal to it, when ``inclusive``)."""

    key: str
    lower: float
    inclusive: bool = False

    def contains(self, value: float) -> bool:
        return value >= self.lower if self.inclusive else value > self.lower


# Landis & Koch (1977) for κ, read as: above 0.80 almost perfect, above 0.60 substantial, and so on, so that
# 0.2099 (Fleiss' own example) is "fair" as it is usually reported. Krippendorff (2004) for α: rely on
# α ≥ 0.800, draw tentative conclusions from 0.667 up.
KAPPA_BANDS = (
    Band("almost-perfect", 0.80),
    Band("substantial", 0.60),
    Band("moderate", 0.40),
    Band("fair", 0.20),
    Band("slight", 0.0, inclusive=True),
    Band("poor", float("-inf")),
)
ALPHA_BANDS = (
    Band("reliable", 0.800, inclusive=True),
    Band("tentative", 0.667, inclusive=True),
    Band("unreliable", float("-inf")),
)


def band(value: float, bands: tuple[Band, ...]) -> str | None:
    """The band a value falls in (None for NaN)."""
    if np.isnan(value):
        return None
    return next(b.key for b in bands if b.contains(value))
