"""Which terms one body of text uses more than another: the log-odds ratio with an informative
Dirichlet prior (Monroe, Colaresi and Quinn 2008, "Fightin' Words", section 3.5), as z-scores.

For a term w with count y_w^i in the target (i) and y_w^j in the reference (j), totals n^i and n^j,
and a prior count a_w for it (a_0 their sum over the vocabulary):

    delta_w = log((y_w^i + a_w) / (n^i + a_0 - y_w^i - a_w)) - log((y_w^j + a_w) / (n^j + a_0 - y_w^j - a_w))
    var_w   ~ 1 / (y_w^i + a_w) + 1 / (y_w^j + a_w)
    z_w     = delta_w / sqrt(var_w)

The prior shrinks the log-odds of rare terms toward zero, so a term seen twice in the target and
never in the reference does not outrank one seen two hundred times against ten. By default a_w is
the term's pooled count over both bodies (the paper's informative prior with the pooled texts as
the background), scaled by `prior_scale`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class LogOdds:
    delta: float  # the log-odds ratio, target against reference, shrunk by the prior
    variance: float
    z: float


def log_odds_z(
    target: Mapping[str, int],
    reference: Mapping[str, int],
    prior: Mapping[str, float] | None = None,
    prior_scale: float = 1.0,
) -> dict[str, LogOdds]:
    """The z-score of every term of either body (positive: the target uses it more).

    `prior`: background counts per term (default: the pooled counts of both bodies); a term the
    background lacks gets the smallest positive count it has. Fewer than two terms in all: {} (a
    single term has no odds to compare)."""
    vocabulary = sorted(set(target) | set(reference))
    if len(vocabulary) < 2:
        return {}
    background = (
        prior if prior is not None else {w: target.get(w, 0) + reference.get(w, 0) for w in vocabulary}
    )
    floor = min((count for count in background.values() if count > 0), default=1.0)
    alpha = {w: prior_scale * (background.get(w, 0) or floor) for w in vocabulary}
    alpha_0 = sum(alpha.values())
    n_i, n_j = sum(target.values()), sum(reference.values())
    scores = {}
    for w in vocabulary:
        y_i, y_j, a_w = target.get(w, 0), reference.get(w, 0), alpha[w]
        delta = math.log((y_i + a_w) / (n_i + alpha_0 - y_i - a_w)) - math.log(
            (y_j + a_w) / (n_j + alpha_0 - y_j - a_w)
        )
        variance = 1.0 / (y_i + a_w) + 1.0 / (y_j + a_w)
        scores[w] = LogOdds(delta, variance, delta / math.sqrt(variance))
    return scores
