"""Agreement statistics against the reference implementations and the published examples."""

from __future__ import annotations

from collections.abc import Callable

import krippendorff
import numpy as np
import pytest

from kijun.agreement import (
    ALPHA_BANDS,
    KAPPA_BANDS,
    MISSING,
    band,
    category_counts,
    fleiss_kappa,
    krippendorff_alpha_nominal,
    leave_one_out_alpha,
    pairwise_agreement,
)

FLEISS_1971 = np.array(
    [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
)
# Krippendorff (2011), 4 observers × 12 units; None = missing; values 1..5 -> categories 0..4.
KRIPPENDORFF_2011 = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, None, None, None],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, None, 3],
    [None, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, None],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, None],
]


def as_ratings(rows: list[list[int | None]]) -> np.ndarray:
    return np.array([[MISSING if v is None else v - 1 for v in row] for row in rows])


def test_fleiss_published_example() -> None:
    assert round(fleiss_kappa(FLEISS_1971), 3) == 0.210
    assert fleiss_kappa(FLEISS_1971) == pytest.approx(0.2099, abs=5e-5)


def test_krippendorff_published_example() -> None:
    assert round(krippendorff_alpha_nominal(as_ratings(KRIPPENDORFF_2011), 5), 3) == 0.743


def random_ratings(seed: int, raters: int, units: int, categories: int, missing: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    truth = rng.integers(0, categories, size=units)
    noise = rng.integers(0, categories, size=(raters, units))
    skill = rng.uniform(0.2, 0.9, size=(raters, 1))
    ratings = np.where(rng.random((raters, units)) < skill, truth, noise)
    ratings[rng.random((raters, units)) < missing] = MISSING
    return ratings


@pytest.mark.parametrize("seed", range(25))
def test_alpha_equals_the_krippendorff_package_on_random_data(seed: int) -> None:
    ratings = random_ratings(
        seed, raters=3 + seed % 7, units=10 + 3 * seed, categories=2 + seed % 6, missing=0.2
    )
    reference = krippendorff.alpha(
        reliability_data=np.where(ratings == MISSING, np.nan, ratings).astype(float),
        level_of_measurement="nominal",
        value_domain=list(range(2 + seed % 6)),
    )
    assert krippendorff_alpha_nominal(ratings, 2 + seed % 6) == pytest.approx(reference, abs=1e-9)


@pytest.fixture(scope="module")
def statsmodels_fleiss() -> Callable[..., float]:
    """statsmodels' Fleiss' kappa, imported only where used: its import (SciPy and more) takes about a second,
    so the comparison runs in the full tier, and the fast tier keeps the published examples above."""
    from statsmodels.stats.inter_rater import fleiss_kappa

    return fleiss_kappa


@pytest.mark.slow
@pytest.mark.parametrize("seed", range(25))
def test_fleiss_equals_statsmodels_on_random_data(
    seed: int, statsmodels_fleiss: Callable[..., float]
) -> None:
    ratings = random_ratings(
        seed, raters=2 + seed % 9, units=5 + 4 * seed, categories=2 + seed % 5, missing=0
    )
    counts = category_counts(ratings, 2 + seed % 5)
    assert fleiss_kappa(counts) == pytest.approx(statsmodels_fleiss(counts, method="fleiss"), abs=1e-9)


def test_leave_one_out_matches_recomputing_without_each_rater() -> None:
    ratings = random_ratings(7, raters=9, units=40, categories=4, missing=0.15)
    expected = [krippendorff_alpha_nominal(np.delete(ratings, i, axis=0), 4) for i in range(9)]
    assert leave_one_out_alpha(ratings, 4) == pytest.approx(expected, abs=1e-12)


def test_pairwise_agreement_counts_agreeing_pairs() -> None:
    # One unit: 3 raters say A, 1 says B -> 6 ordered agreeing pairs of 12.
    assert pairwise_agreement(np.array([[3, 1]])) == pytest.approx(0.5)


def test_interpretation_bands() -> None:
    assert band(0.2099, KAPPA_BANDS) == "fair"
    assert band(0.20, KAPPA_BANDS) == "slight"
    assert band(0.81, KAPPA_BANDS) == "almost-perfect"
    assert band(0.0, KAPPA_BANDS) == "slight"
    assert band(-0.1, KAPPA_BANDS) == "poor"
    assert band(0.743, ALPHA_BANDS) == "tentative"
    assert band(0.8, ALPHA_BANDS) == "reliable"
    assert band(float("nan"), ALPHA_BANDS) is None


def test_fleiss_refuses_unequal_rater_counts() -> None:
    with pytest.raises(ValueError, match="same number"):
        fleiss_kappa(np.array([[2, 1], [1, 1]]))
