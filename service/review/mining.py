"""Ranking candidate code words for one language: terms of confirmed-violating posts scored against
allowed and benign traffic (log-odds z), known terms set aside, overlapping n-grams folded into the
strongest one, each kept candidate with a few snippets of the posts that use it."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from service.review.known import KnownTerms
from service.review.logodds import log_odds_z
from service.review.terms import is_unspaced, overlaps, snippet

MAX_VARIANTS = 5
MAX_EXAMPLES = 3


@dataclass(frozen=True)
class MinedPost:
    """A confirmed-violating post: its terms, and its text fields as written (for the snippets)."""

    post_id: str
    terms: frozenset[str]
    fields: tuple[str, ...]


@dataclass
class Candidate:
    term: str
    z: float
    violating: int  # posts that use it among the confirmed-violating ones
    benign: int  # among the benign and allowed ones
    known: str | None = None  # where it is known from (listed only with include_known)
    overlaps_known: list[str] = field(default_factory=list)
    variants: list[str] = field(default_factory=list)  # overlapping n-grams that ranked below it
    examples: list[str] = field(default_factory=list)


def _rank_key(term: str, z: float, count: int) -> tuple[float, int, int, str]:
    # Ties (two n-grams always seen together) go to the shorter word sequence, a whole word being
    # the unit an analyst accepts, but to the longer character string: in an unspaced script a
    # shorter one is a fragment of the word.
    length = -len(term) if is_unspaced(term) else len(term.split())
    return (-z, -count, length, term)


def rank_candidates(
    violating: Sequence[MinedPost],
    benign: Counter[str],
    known: KnownTerms,
    min_count: int = 5,
    top: int = 25,
    include_known: bool = False,
    lang: str = "",
) -> list[Candidate]:
    """The `top` terms most over-represented in `violating` against `benign` (term -> posts using
    it), used by at least `min_count` violating posts, strongest first; `lang` is theirs."""
    counts: Counter[str] = Counter(term for post in violating for term in post.terms)
    scores = log_odds_z(counts, benign)
    eligible = []
    for term, count in counts.items():
        score = scores.get(term)  # none at all when both sides hold a single term between them
        if count < min_count or score is None or score.z <= 0:
            continue
        source = known.source_of(term)
        if include_known or source is None:
            eligible.append(Candidate(term, score.z, count, benign.get(term, 0), source))
    eligible.sort(key=lambda c: _rank_key(c.term, c.z, c.violating))
    chosen: list[Candidate] = []
    for candidate in eligible:
        above = next((c for c in chosen if overlaps(candidate.term, c.term)), None)
        if above is not None:
            if len(above.variants) < MAX_VARIANTS:
                above.variants.append(candidate.term)
        elif len(chosen) < top:
            chosen.append(candidate)
    for candidate in chosen:
        candidate.overlaps_known = known.overlapping(candidate.term, lang)
        candidate.examples = _examples(candidate.term, violating)
    return chosen


def _examples(term: str, posts: Sequence[MinedPost]) -> list[str]:
    found: list[str] = []
    for post in posts:
        if term not in post.terms:
            continue
        text = snippet(term, post.fields)
        if text is not None and text not in found:
            found.append(text)
            if len(found) == MAX_EXAMPLES:
                break
    return found
