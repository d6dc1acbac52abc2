"""Undo the spelling games traffickers use against keyword filters (POLICY.md, "How traffickers
evade detection"), giving the classifier a canonical second view of every post.

The stages and their order are in `stages`, character data in `tables`,
and the token repairs (spaced letters, leetspeak, masking) in `tokens`. Given a
vocabulary (word counts a model learned from its training posts, see `learn_vocabulary`), the
repairs pick the readings it makes most likely: `guesses`, with the words in
`lexicon`, the splits of `split` and the character model of
`charmodel` for words it lacks.
"""

import functools
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from service.textnorm import stages
from service.textnorm import tables as t
from service.textnorm import tokens as tok
from service.textnorm.lexicon import WORD_RE, Lexicon, plain_words
from service.textnorm.tokens import unmask

__all__ = [
    "DEFAULT_TERMS", "TACTICS", "Normalizer", "Vocabulary", "learn_vocabulary",
    "normalize", "reveal_changes", "reveal_evasions", "unmask",
]  # fmt: skip

TACTICS = (
    "diacritics", "dotted_letters", "emoji_words", "fullwidth_or_styled", "homoglyphs",
    "leetspeak", "masking", "spaced_letters", "zero_width",
)  # fmt: skip

Vocabulary = Mapping[str, int] | Iterable[str]


def _read_terms() -> tuple[str, ...]:
    lines = t.UNMASK_TERMS_PATH.read_text(encoding="utf-8").splitlines()
    return tuple(word for line in lines for word in line.partition("#")[0].split())


DEFAULT_TERMS = _read_terms()
# The sensitive words, 3+ letters as normalised (too short ones would unmask anything).
_DEFAULT_LEXICON = Lexicon.build(DEFAULT_TERMS, min_length=3, builtin=True)


def _spellings() -> dict[str, tuple[str, ...]]:
    """Each sensitive word as written, accents kept ("ngà", "kość"), to tell added accents from
    real ones. Only the built-in terms: a learned vocabulary is stored without its accents."""
    spellings: dict[str, set[str]] = {}
    for term in DEFAULT_TERMS:
        for plain, word in plain_words(term):
            if len(plain) >= 3:
                spellings.setdefault(plain, set()).add(word)
    return {plain: tuple(sorted(words)) for plain, words in spellings.items()}


_SPELLINGS = _spellings()
# any sensitive word inside an unaccented token: only such tokens can hold an added accent
_SENSITIVE_RE = re.compile("|".join(re.escape(w) for w in sorted(_SPELLINGS, key=len, reverse=True)))


def _may_have_undone(stage: stages.Stage, text: str, applied: str) -> bool:
    """Whether any span of `stage` can name a tactic, given the stage's effect on the whole text:
    one that changed nothing undid nothing in a span either (half of `reveal`'s time went to
    searching spans for nothing), masks aside, named even where no word fits ("rohelfen*ein"); and
    only an accent added to a sensitive word counts, so with none in the folded text no span holds
    one (a Vietnamese post has an accent span in every other word)."""
    if stage.tactic == "masking" and ("*" in text or "#" in text):
        return True
    if applied == text:
        return False
    return stage.tactic != "diacritics" or _SENSITIVE_RE.search(applied.casefold()) is not None


class Normalizer:
    """Does the work for `normalize`, `reveal_*` and `TextNormalizer`; holds only the vocabulary."""

    def __init__(self, vocabulary: Vocabulary | None = None) -> None:
        """`vocabulary`: word -> count (e.g. from `learn_vocabulary`), or words counting 1 each (e.g.
        the intelligence list), on top of DEFAULT_TERMS. It picks the readings of leetspeak, masked
        and spaced-out tokens; any language, accents allowed (they are stripped for matching)."""
        self._use(vocabulary)

    def _use(self, vocabulary: Vocabulary | None) -> None:
        self._learned = Lexicon.build(vocabulary)
        self.lexicon = _DEFAULT_LEXICON.merged(self._learned) if self._learned else _DEFAULT_LEXICON
        self.spellings = _SPELLINGS

    def __getstate__(self) -> dict[str, Any]:
        return {"vocabulary": self._learned.counts}  # indexes and built-in terms are rebuilt

    def __setstate__(self, state: dict[str, Any]) -> None:
        self._use(state.get("vocabulary"))

    def warm(self) -> "Normalizer":
        """Build the indexes disguised tokens need now (under a second for 60,000 words) rather
        than on the first such post, e.g. before a service reports ready."""
        self.lexicon.warm()
        return self

    def normalize(self, text: str) -> str:
        for stage in stages.ASCII_STAGES if text.isascii() else stages.ALL_STAGES:
            text = stage(self.lexicon, text)
        return text

    def reveal(self, text: str) -> list[tuple[str, str, str]]:
        """Every (tactic, token as the stage saw it, fully normalised token) the pipeline undid."""
        found: list[tuple[str, str, str]] = []
        ascii_only = text.isascii()
        for stage in stages.STAGES:
            if stage.unicode_only and ascii_only:
                continue
            applied = stage.apply(self.lexicon, text)
            if (
                stage.spans is not None
                and stage.tactic is not None
                and _may_have_undone(stage, text, applied)
            ):
                for match in stage.spans.finditer(text):
                    before = match.group()
                    if stage.apply_in is not None:
                        after = stage.apply_in(self.lexicon, match)
                    else:
                        after = stage.apply(self.lexicon, before)
                    tactic = self._tactic(stage, before, after)
                    if tactic is not None:
                        found.append((tactic, stages.visible(before).strip(), self.normalize(before)))
            text = applied
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
            added = (
                len(word) == len(plain)
                and _SENSITIVE_RE.search(plain) is not None
                and tok.added_accents(word, plain, self.spellings)
            )
            return "diacritics" if added else None
        return stage.tactic


@functools.cache
def _default_normalizer() -> Normalizer:
    return Normalizer()


def normalize(text: str) -> str:
    """All normalisation steps with the default vocabulary."""
    return _default_normalizer().normalize(text)


def reveal_evasions(text: str) -> list[str]:
    """Sorted names (from TACTICS) of the evasion tactics found in `text`."""
    return _default_normalizer().reveal_evasions(text)


def reveal_changes(text: str, limit: int = 5) -> list[tuple[str, str, str]]:
    """Up to `limit` (tactic, original token, normalised token), e.g. ("leetspeak", "1v0ry", "ivory")."""
    return _default_normalizer().reveal_changes(text, limit)


_HASHTAG_BODY_RE = re.compile(r"(?<![\w#])#\w+")


def learn_vocabulary(texts: Iterable[str], limit: int = 60_000, min_count: int = 2) -> dict[str, int]:
    """Word -> count over `texts` as normalised, for `Normalizer(vocabulary=...)`: the `limit` most
    frequent words seen at least `min_count` times, words with accents stripped ("ngà" -> "nga").

    Counted twice. The first count leaves out what spaced-out runs join to: without a vocabulary
    "h o r n a v a i l a b l e" joins as "hornavailable", which must not become a word that keeps
    the next such post run together. The second count normalises with the first as vocabulary."""
    # Hashtags are left out: a glued "#forsale" counted as a word would never be split again.
    posts = [_HASHTAG_BODY_RE.sub(" ", text) for text in texts]
    plain = Normalizer()
    first: Counter[str] = Counter()
    for post in posts:
        first.update(WORD_RE.findall(plain.normalize(post)))
        for run in tok.SPACED_RE.finditer(" ".join(post.split())):
            first.subtract(WORD_RE.findall(plain.normalize(run.group())))
    guided = Normalizer(_most_frequent(first, limit, min_count))
    return _most_frequent(
        Counter(word for post in posts for word in WORD_RE.findall(guided.normalize(post))), limit, min_count
    )


def _most_frequent(counts: Counter[str], limit: int, min_count: int) -> dict[str, int]:
    # Only what the lexicon keeps as one word: no numbers, no Latin words with digits ("b2b").
    ranked = sorted((-n, w) for w, n in counts.items() if n >= min_count and plain_words(w) == [(w, w)])
    return {word: -n for n, word in ranked[:limit]}
