"""The word frequencies that guide `service.textnorm.normalizer` when a spelling game leaves several readings.

A `Lexicon` holds words as the normaliser outputs them ("nga", "kosc", "象牙", "งาช้าง") with a
count each. It is rebuilt whenever a model is unpickled, so building it is one pass over the
words; the indexes and the character model that only disguised tokens need are built on first use.
"""

import bisect
import functools
import math
import re
import unicodedata
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar, cast

from service.textnorm import tables as t
from service.textnorm.charmodel import CharModel

_PLAIN_WORD_RE = re.compile(r"[a-z]+")
# Words as `learn_vocabulary` counts them: marks stay with their letters (Thai "ช้าง" is one word).
WORD_RE = re.compile(f"(?:[^\\W_]|{t.COMBINING})+")
_LETTER_RE = re.compile(r"[^\W\d_]")
# Below this many learned words the character model is too thin to trust; the repairs then use
# the words alone, as they did before there was a vocabulary.
_MIN_MODEL_WORDS = 1000
_REMEMBERED = 50_000  # answers kept per lexicon (a few MB), forgotten all at once when full
Key = TypeVar("Key", bound=Hashable)
Answer = TypeVar("Answer")


def remembered(repair: Callable[[Key, "Lexicon"], Answer]) -> Callable[[Key, "Lexicon"], Answer]:
    """`repair` with its answers kept in the lexicon: a repair depends only on the token and the
    lexicon, and disguised tokens recur (templated posts, reposts), some costing a millisecond."""

    @functools.wraps(repair)
    def remembering(key: Key, lexicon: "Lexicon") -> Answer:
        memo = lexicon.memo
        name = (repair.__name__, key)
        if name in memo:
            return cast(Answer, memo[name])
        if len(memo) >= _REMEMBERED:
            memo.clear()
        answer = memo[name] = repair(key, lexicon)
        return answer

    return remembering


def plain_words(term: str) -> list[tuple[str, str]]:
    """(normalised, as written casefolded) for each word of `term`: "Ngà voi" -> [("nga", "ngà"), ...].
    Words need a letter; Latin ones are kept only if they fold to ASCII letters."""
    if _PLAIN_WORD_RE.fullmatch(term):
        return [(term, term)]  # the common case for a learned vocabulary, kept cheap
    found = []
    for word in WORD_RE.findall(unicodedata.normalize("NFKC", term).casefold()):
        plain = t.LATIN_MARKS_RE.sub("", word.translate(t.LATIN_FOLD))
        latin = plain.isascii() or t.HAS_LATIN_RE.search(word)
        if _PLAIN_WORD_RE.fullmatch(plain) if latin else _LETTER_RE.search(plain):
            found.append((plain, word))
    return found


def fold_letter(item: str) -> str:
    """One spaced-out letter as the normaliser will output it ("À" -> "a", "ß" -> "ss"); "" if
    it is not a Latin letter."""
    plain = t.LATIN_MARKS_RE.sub("", item.translate(t.LATIN_FOLD)).casefold()
    return plain if _PLAIN_WORD_RE.fullmatch(plain) else ""


class Lexicon:
    """Word -> count, with the lookups the token repairs need. Read-only once built."""

    def __init__(
        self, counts: Mapping[str, int], learned: int = 0, builtin: frozenset[str] = frozenset()
    ) -> None:
        """`counts`: plain words (see `plain_words`) with positive counts, `learned` of them from
        posts, `builtin` the built-in sensitive words among them. Spaced-out runs are split into words
        only with learned words, and the character model (`chars`) is used only with enough of them."""
        self.counts = dict(counts)
        self.learned = learned
        self.builtin = builtin
        self.modelled = learned >= _MIN_MODEL_WORDS
        self.memo: dict[tuple[str, Hashable], object] = {}  # see `remembered`

    @classmethod
    def build(
        cls, vocabulary: Mapping[str, int] | Iterable[str] | None, min_length: int = 1, builtin: bool = False
    ) -> "Lexicon":
        """Fold every term of `vocabulary` (a Mapping gives counts; an Iterable counts 1 per term) to
        its plain words; words of the same plain spelling add up ("kość", "kosc"). `builtin`: the
        terms are the built-in sensitive words."""
        pairs: Iterable[tuple[str, int]]
        if vocabulary is None:
            pairs = ()
        elif isinstance(vocabulary, Mapping):
            pairs = vocabulary.items()
        else:
            pairs = ((term, 1) for term in vocabulary)
        counts: dict[str, int] = {}
        for term, count in pairs:
            if count > 0:
                for plain, _ in plain_words(term):
                    if len(plain) >= min_length:
                        counts[plain] = counts.get(plain, 0) + count
        return cls(counts, builtin=frozenset(counts) if builtin else frozenset())

    def merged(self, other: "Lexicon") -> "Lexicon":
        """Both word lists, counts added, `other` the learned one."""
        counts = dict(self.counts)
        for word, count in other.counts.items():
            counts[word] = counts.get(word, 0) + count
        return Lexicon(counts, learned=len(other), builtin=self.builtin | other.builtin)

    def __len__(self) -> int:
        return len(self.counts)

    def count(self, word: str) -> int:
        return self.counts.get(word, 0)

    @functools.cached_property
    def longest(self) -> int:
        return max(map(len, self.counts), default=0)

    @functools.cached_property
    def _sorted(self) -> list[str]:
        return sorted(self.counts)

    @functools.cached_property
    def _by_shape(self) -> dict[tuple[int, str, str], list[str]]:
        """Words by (length, first letter, last letter): the only ones a masked token, whose first
        and last letters are never masked, could stand for."""
        grouped: dict[tuple[int, str, str], list[str]] = {}
        for word in self._sorted:
            grouped.setdefault((len(word), word[0], word[-1]), []).append(word)
        return grouped

    def fitting(self, token: str, holes: str) -> list[str]:
        """Words that have the letters of `token` wherever it has no character of `holes`
        ("t**th": tooth, teeth), sorted."""
        pieces = [(m.start(), m.group()) for m in re.finditer(f"[^{re.escape(holes)}]+", token)]
        found = []
        for word in self._by_shape.get((len(token), token[0], token[-1]), ()):
            for start, piece in pieces:
                if not word.startswith(piece, start):
                    break
            else:
                found.append(word)
        return found

    @functools.cached_property
    def total(self) -> int:
        return sum(self.counts.values())

    def log_share(self, word: str) -> float:
        """log of the word's share of all counted words; -inf if unknown."""
        count = self.counts.get(word, 0)
        return math.log(count / self.total) if count else -math.inf

    @functools.cached_property
    def chars(self) -> CharModel:
        return CharModel(self.counts)

    def warm(self) -> None:
        """Build every index now instead of on first use."""
        _ = self._sorted, self._by_shape, self.longest, self.total
        if self.modelled:
            _ = self.chars

    def begins_a_word(self, text: str) -> bool:
        """Whether `text` is a proper beginning of some word ("h", "ho", "hor" for "horn"): a split
        only follows readings of a token that some word could still spell. The words that begin
        with `text` sort right after it, so the first word after it tells (a set of every beginning
        answered as fast and held 12 MB in each scoring process)."""
        words = self._sorted
        after = bisect.bisect_right(words, text)
        return bool(text) and after < len(words) and words[after].startswith(text)
