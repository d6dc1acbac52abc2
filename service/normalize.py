# mypy: disallow-subclassing-any=False
# (scikit-learn ships no type information, so TextNormalizer's base classes are Any to mypy.)
"""Undo the spelling games traffickers use against keyword filters (POLICY.md, "How traffickers
evade detection"), giving the classifier a canonical second view of every post.

The stages and their order are in `normalize_stages`, character data in `normalize_tables`,
and the token repairs (spaced letters, leetspeak, masking) in `normalize_tokens`.
"""

import functools
import re
import unicodedata
from collections.abc import Iterable

from sklearn.base import BaseEstimator, TransformerMixin

from service import normalize_stages as stages
from service import normalize_tables as t
from service import normalize_tokens as tok
from service.normalize_tokens import unmask

__all__ = [
    "DEFAULT_TERMS", "TACTICS", "Normalizer", "TextNormalizer",
    "normalize", "reveal_changes", "reveal_evasions", "unmask",
]  # fmt: skip

TACTICS = (
    "diacritics", "dotted_letters", "emoji_words", "fullwidth_or_styled", "homoglyphs",
    "leetspeak", "masking", "spaced_letters", "zero_width",
)  # fmt: skip

_VOCAB_WORD_RE = re.compile(r"[a-z]{3,}")


def _read_terms() -> tuple[str, ...]:
    lines = t.UNMASK_TERMS_PATH.read_text(encoding="utf-8").splitlines()
    return tuple(word for line in lines for word in line.partition("#")[0].split())


DEFAULT_TERMS = _read_terms()


class Normalizer:
    """Does the work for `normalize`, `reveal_*` and `TextNormalizer`; holds only the vocabulary."""

    def __init__(self, vocabulary: Iterable[str] | None = None) -> None:
        """`vocabulary`: extra sensitive words (e.g. the intelligence list) on top of DEFAULT_TERMS."""
        spellings: dict[str, set[str]] = {}
        for term in (*DEFAULT_TERMS, *(vocabulary or ())):
            for word in re.findall(r"\w+", unicodedata.normalize("NFKC", term).casefold()):
                plain = t.LATIN_MARKS_RE.sub("", word.translate(t.LATIN_FOLD))
                if _VOCAB_WORD_RE.fullmatch(plain):
                    spellings.setdefault(plain, set()).add(word)
        self.vocabulary = frozenset(spellings)  # as normalised: "nga", "kosc"
        # Each word as written, accents kept ("ngà", "kość"), to tell added accents from real ones.
        self.spellings = {plain: tuple(sorted(words)) for plain, words in spellings.items()}

    def normalize(self, text: str) -> str:
        for stage in stages.ASCII_STAGES if text.isascii() else stages.ALL_STAGES:
            text = stage(self.vocabulary, text)
        return text

    def reveal(self, text: str) -> list[tuple[str, str, str]]:
        """Every (tactic, token as the stage saw it, fully normalised token) the pipeline undid."""
        found: list[tuple[str, str, str]] = []
        ascii_only = text.isascii()
        for stage in stages.STAGES:
            if stage.unicode_only and ascii_only:
                continue
            if stage.spans is not None and stage.tactic is not None:
                for match in stage.spans.finditer(text):
                    before = match.group()
                    if stage.apply_in is not None:
                        after = stage.apply_in(self.vocabulary, text, before)
                    else:
                        after = stage.apply(self.vocabulary, before)
                    tactic = self._tactic(stage, before, after)
                    if tactic is not None:
                        found.append((tactic, stages.visible(before).strip(), self.normalize(before)))
            text = stage.apply(self.vocabulary, text)
        return found

    def reveal_evasions(self, text: str) -> list[str]:
        """Sorted names (from TACTICS) of the evasion tactics found in `text`."""
        return sorted({tactic for tactic, _, _ in self.reveal(text)})

    def reveal_changes(self, text: str, limit: int = 5) -> list[tuple[str, str, str]]:
        """Up to `limit` of `reveal(text)`, one example of each tactic before a second of any."""
        changes = self.reveal(text)
        nth_of_tactic: dict[str, int] = {}
        ranked: list[tuple[int, int]] = []
        for index, (tactic, _, _) in enumerate(changes):
            nth_of_tactic[tactic] = nth_of_tactic.get(tactic, -1) + 1
            ranked.append((nth_of_tactic[tactic], index))
        return [changes[index] for _, index in sorted(ranked)[:limit]]

    def _tactic(self, stage: stages.Stage, before: str, after: str) -> str | None:
        if stage.tactic == "masking" and ("*" in before or "#" in before):
            return "masking"  # even when no word fits ("rohelfen*ein")
        if after == before:
            return None
        if stage.tactic == "spaced_letters" and any(c in "._·-" for c in before):
            return "dotted_letters"  # I.V.O.R.Y, i-v-o-r-y, i_v_o_r_y
        if stage.tactic == "diacritics":
            if any(c in t.SMALL_CAPS for c in before):
                return "fullwidth_or_styled"
            # Only accents a sensitive word does not have ("ívöry", "marfíl"): a Vietnamese or
            # Polish word written correctly is not an evasion.
            word, plain = before.casefold(), after.casefold()
            added = len(word) == len(plain) and tok.added_accents(word, plain, self.spellings)
            return "diacritics" if added else None
        return stage.tactic


@functools.lru_cache(maxsize=8)
def _normalizer_for(vocabulary: tuple[str, ...] | None) -> Normalizer:
    return Normalizer(vocabulary)


def normalize(text: str) -> str:
    """All normalisation steps with the default vocabulary."""
    return _normalizer_for(None).normalize(text)


def reveal_evasions(text: str) -> list[str]:
    """Sorted names (from TACTICS) of the evasion tactics found in `text`."""
    return _normalizer_for(None).reveal_evasions(text)


def reveal_changes(text: str, limit: int = 5) -> list[tuple[str, str, str]]:
    """Up to `limit` (tactic, original token, normalised token), e.g. ("leetspeak", "1v0ry", "ivory")."""
    return _normalizer_for(None).reveal_changes(text, limit)


class TextNormalizer(TransformerMixin, BaseEstimator):
    """Stateless scikit-learn step: list of posts in, list of normalised posts out."""

    def __init__(self, vocabulary: tuple[str, ...] | None = None) -> None:
        self.vocabulary = vocabulary

    def fit(self, texts: Iterable[str], y: object = None) -> "TextNormalizer":
        return self

    def transform(self, texts: Iterable[str]) -> list[str]:
        normalizer = _normalizer_for(None if self.vocabulary is None else tuple(self.vocabulary))
        return [normalizer.normalize(text) for text in texts]
