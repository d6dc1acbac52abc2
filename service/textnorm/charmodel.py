"""A character model of the vocabulary, for words the vocabulary has never seen.

Traffickers disguise the long, specific words ("vermarktungsgenehmigung", "bjorngallekapslar"),
exactly those a word list learned from past posts is least likely to hold. So when no vocabulary
word explains a disguised token, the repairs ask which reading looks most like the vocabulary's
words: a 5-gram model over characters with stupid backoff, counted over word types (so common
words do not drown the spelling of rare ones).
"""

import array
import bisect
import itertools
import math
import re
from collections import Counter
from collections.abc import Collection, Iterator, Sequence

import numpy as np

from service.textnorm.tables import COMBINING

_ORDER = 5
_START, _END = "\x02", "\x03"
_PAD = _START * (_ORDER - 1)
_BACKOFF = math.log(0.4)
_CANDIDATES = 24  # graphemes tried per masked position in scripts other than Latin
_BEAM = 16
_MEMO = 200_000
_NO_KEY = (1 << 64) - 1  # above every packed n-gram (at most 60 bits)
LATIN = tuple("abcdefghijklmnopqrstuvwxyz")
# One user-perceived character: Thai "ม่" is one, and a masked one is one "*".
GRAPHEME_RE = re.compile(f"(?s).{COMBINING}*")


class GramCounts:
    """How often each 1- to 5-gram of a blob occurs (`get`), counted with numpy.

    Each character becomes its rank in the blob's alphabet (from 1: 0 is "no character"), an n-gram
    its ranks packed into one integer, and np.unique counts each n's keys. The model keeps two
    arrays, sorted keys and their counts (~3 MB for 270,000 n-grams), where a dict of the n-grams as
    strings held ~25 MB in each scoring process; a look-up packs its n-gram and bisects (~1.4 µs
    against a dict's 0.1 µs; the character model remembers its answers, and few posts need it). A
    longer n-gram's key is larger than any shorter one's, so each n's sorted keys, one after the
    other, are sorted. An alphabet too large to pack (over 4,095 characters) is counted as a plain
    dict of strings.
    """

    def __init__(self, blob: str) -> None:
        alphabet, ranks = np.unique(
            np.frombuffer(blob.encode("utf-32-le", "surrogatepass"), dtype=np.uint32), return_inverse=True
        )
        self._bits = len(alphabet).bit_length()
        self._plain: dict[str, int] | None = None
        self._rank: dict[str, int] = {}
        self._keys = array.array("Q")
        self._counts = array.array("I")
        if self._bits * _ORDER > 64:
            self._plain = Counter()
            for n in range(1, _ORDER + 1):
                self._plain.update(map("".join, zip(*(blob[i:] for i in range(n)), strict=False)))
            return
        self._rank = {chr(code): rank for rank, code in enumerate(alphabet.tolist(), start=1)}
        width = np.uint64(self._bits)
        packed: np.ndarray = ranks.view(np.uint64)  # non-negative int64: the same bits, no copy
        np.add(packed, np.uint64(1), out=packed)
        keys: np.ndarray = np.zeros(len(packed), dtype=np.uint64)
        found: list[tuple[np.ndarray, np.ndarray]] = []
        for n in range(1, min(_ORDER, len(packed)) + 1):
            # the n-gram starting at each position: the (n-1)-gram there, shifted, and one more rank
            keys = keys[: len(packed) - n + 1]
            np.left_shift(keys, width, out=keys)
            np.bitwise_or(keys, packed[n - 1 :], out=keys)
            unique, counts = np.unique(keys, return_counts=True)
            found.append((unique, counts.astype(np.uint32)))
        # plain arrays for the look-ups (bisect reads them ~2x faster than numpy answers one
        # scalar search), with a last key above every real one so a search always lands on a key
        self._keys.frombytes(np.concatenate([unique for unique, _ in found]).tobytes() if found else b"")
        self._counts.frombytes(np.concatenate([counts for _, counts in found]).tobytes() if found else b"")
        self._keys.append(_NO_KEY)
        self._counts.append(0)

    def get(self, gram: str) -> int:
        """How often `gram` (1 to 5 characters) occurs; 0 if never."""
        if self._plain is not None:
            return self._plain.get(gram, 0)
        key, ranks, bits = 0, self._rank, self._bits
        try:
            for char in gram:
                key = (key << bits) | ranks[char]
        except KeyError:  # a character the vocabulary never has
            return 0
        at = bisect.bisect_left(self._keys, key)
        return self._counts[at] if self._keys[at] == key else 0

    def items(self) -> Iterator[tuple[str, int]]:
        """Every n-gram with its count (for checks; scoring only calls `get`)."""
        if self._plain is not None:
            yield from self._plain.items()
            return
        chars, mask = {rank: char for char, rank in self._rank.items()}, (1 << self._bits) - 1
        for packed, count in zip(self._keys[:-1], self._counts[:-1], strict=True):
            gram, rest = "", packed
            while rest:
                gram, rest = chars[rest & mask] + gram, rest >> self._bits
            yield gram, count


class CharModel:
    """log P of characters given the previous four, learned from `words`."""

    def __init__(self, words: Collection[str]) -> None:
        self._words = [w for w in words if not w.isascii()]  # for `_neighbours`, built on demand
        blob = "".join(_PAD + word + _END for word in words)
        self._grams = GramCounts(blob)
        self._total = max(len(blob), 1)
        self._unseen = math.log(0.5 / self._total)
        self._follow: dict[str, Counter[str]] | None = None
        self._precede: dict[str, Counter[str]] = {}
        self._memo: dict[str, float] = {}  # the same contexts recur across posts and fills

    def _log_p(self, history: str, char: str) -> float:
        key = history + char  # `history` always has _ORDER - 1 characters: pads at a word's start
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._backoff(history, char)
            if len(self._memo) > _MEMO:
                self._memo.clear()
        return found

    def _backoff(self, history: str, char: str) -> float:
        penalty = 0.0
        for start in range(len(history) + 1):
            context = history[start:]
            hits = self._grams.get(context + char)
            if hits:
                return penalty + math.log(hits / (self._grams.get(context) if context else self._total))
            penalty += _BACKOFF
        return penalty + self._unseen

    def log_p(self, text: str, history: str = _PAD) -> float:
        """Summed log P of the characters of `text`, each given what precedes it in `history` + `text`."""
        total, seen = 0.0, history[-(_ORDER - 1) :]
        for char in text:
            total += self._log_p(seen, char)
            seen = (seen + char)[-(_ORDER - 1) :]
        return total

    def next_log_p(self, word: str, char: str) -> float:
        """log P of `char` following the start of a word, `word`."""
        return self._log_p((_PAD + word)[-(_ORDER - 1) :], char)

    def end_log_p(self, word: str) -> float:
        return self._log_p((_PAD + word)[-(_ORDER - 1) :], _END)

    def wordness(self, word: str) -> float:
        """Mean log P per character of `word` as a whole word (its end included)."""
        return self.log_p(word + _END) / (len(word) + 1)

    def fill(self, units: Sequence[str | None], latin: bool) -> list[tuple[float, str]]:
        """Best fills of the None units of a word (each one letter, or one grapheme in another
        script), as (log P, filled word), best first. Only the characters a fill can affect are
        scored, so the scores compare fills of the same word only."""
        masked = [i for i, unit in enumerate(units) if unit is None]
        text_before = "".join(u or "" for u in units[: masked[0]])
        beams: list[tuple[float, str]] = [(0.0, _PAD + text_before)]
        tail = 0  # known characters scored since the last mask
        for index in range(masked[0], len(units)):
            unit = units[index]
            if unit is None:
                beams = [
                    (score + self._score_unit(seen, option), seen + option)
                    for score, seen in beams
                    for option in (LATIN if latin else self._options(units, index))
                ]
                tail = 0
            elif tail < _ORDER - 1:
                beams = [(score + self._score_unit(seen, unit), seen + unit) for score, seen in beams]
                tail += len(unit)
            else:
                beams = [(score, seen + unit) for score, seen in beams]
            if unit is not None or (index + 1 < len(units) and units[index + 1] is None):
                beams = sorted(beams, key=lambda b: (-b[0], b[1]))[:_BEAM]
        if tail < _ORDER - 1:
            beams = [(score + self._score_unit(seen, _END), seen) for score, seen in beams]
        ranked = sorted(beams, key=lambda b: (-b[0], b[1]))
        return [(score, seen[len(_PAD) :]) for score, seen in ranked]

    def _score_unit(self, seen: str, unit: str) -> float:
        if len(unit) == 1:
            return self._log_p(seen[-(_ORDER - 1) :], unit)
        return self.log_p(unit, history=seen)

    def _options(self, units: Sequence[str | None], index: int) -> list[str]:
        """Graphemes seen after the unit before, or before the unit after, most frequent first."""
        follow, precede = self._neighbours()
        found: Counter[str] = Counter()
        before = units[index - 1] if index else None
        after = units[index + 1] if index + 1 < len(units) else None
        for seen in (follow.get(before[-1]) if before else None, precede.get(after[0]) if after else None):
            if seen:
                found.update({g: seen[g] for g in sorted(seen, key=lambda g: (-seen[g], g))[:_CANDIDATES]})
        return sorted(found, key=lambda g: (-found[g], g))[: 2 * _CANDIDATES]

    def _neighbours(self) -> tuple[dict[str, Counter[str]], dict[str, Counter[str]]]:
        if self._follow is None:
            follow: dict[str, Counter[str]] = {}
            for word in self._words:
                units = GRAPHEME_RE.findall(word)
                for left, right in itertools.pairwise(units):
                    follow.setdefault(left[-1], Counter())[right] += 1
                    self._precede.setdefault(right[0], Counter())[left] += 1
            self._follow = follow
        return self._follow, self._precede
