"""A character model of the vocabulary, for words the vocabulary has never seen.

Traffickers disguise the long, specific words ("vermarktungsgenehmigung", "bjorngallekapslar"),
exactly those a word list learned from past posts is least likely to hold. So when no vocabulary
word explains a disguised token, the repairs ask which reading looks most like the vocabulary's
words: a 5-gram model over characters with stupid backoff, counted over word types (so common
words do not drown the spelling of rare ones).
"""

import itertools
import math
import re
from collections import Counter
from collections.abc import Collection, Sequence

import numpy as np

from service.textnorm.tables import COMBINING

_ORDER = 5
_START, _END = "\x02", "\x03"
_PAD = _START * (_ORDER - 1)
_BACKOFF = math.log(0.4)
_CANDIDATES = 24  # graphemes tried per masked position in scripts other than Latin
_BEAM = 16
_MEMO = 200_000
_DECODE_BLOCK = 16_384  # n-grams turned back into strings at a time (bounds the peak memory)
LATIN = tuple("abcdefghijklmnopqrstuvwxyz")
# One user-perceived character: Thai "ม่" is one, and a masked one is one "*".
GRAPHEME_RE = re.compile(f"(?s).{COMBINING}*")


def count_grams(blob: str) -> Counter[str]:
    """Every 1- to 5-gram of `blob` with its count. Counted with numpy: each character becomes its
    rank in the blob's alphabet, an n-gram the ranks packed into one integer, and np.unique counts
    them; about 3x faster than counting Python strings, and this runs on every model load."""
    alphabet, ranks = np.unique(
        np.frombuffer(blob.encode("utf-32-le", "surrogatepass"), dtype=np.uint32), return_inverse=True
    )
    bits = max(1, (len(alphabet) - 1).bit_length())
    if bits * _ORDER > 64:  # over 4,096 distinct characters: the packed n-grams would not fit
        grams: Counter[str] = Counter()
        for n in range(1, _ORDER + 1):
            grams.update(map("".join, zip(*(blob[i:] for i in range(n)), strict=False)))
        return grams
    # Each model load runs this in every scoring process, and its peak memory is theirs: arrays
    # are reused in place and each n's are freed before the next n's are made.
    width, mask = np.uint64(bits), np.uint64((1 << bits) - 1)
    packed_ranks: np.ndarray = ranks.view(np.uint64)  # non-negative int64: the same bits, no copy
    found: Counter[str] = Counter()
    keys: np.ndarray = np.zeros(len(ranks), dtype=np.uint64)
    for n in range(1, min(_ORDER, len(ranks)) + 1):
        # the n-gram starting at each position: the (n-1)-gram there, shifted, and one more rank
        keys = keys[: len(ranks) - n + 1]
        np.left_shift(keys, width, out=keys)
        np.bitwise_or(keys, packed_ranks[n - 1 :], out=keys)
        unique, counts = np.unique(keys, return_counts=True)
        for start in range(0, len(unique), _DECODE_BLOCK):  # their characters, a block at a time
            packed = unique[start : start + _DECODE_BLOCK].copy()
            chars = np.empty((len(packed), n), dtype=np.uint32)
            for j in range(n - 1, -1, -1):
                chars[:, j] = alphabet[packed & mask]
                np.right_shift(packed, width, out=packed)
            text = chars.tobytes().decode("utf-32-le", "surrogatepass")
            # n-grams of different lengths never collide: dict.update adds them without Counter's sums
            dict.update(
                found,
                zip(
                    [text[i : i + n] for i in range(0, len(text), n)],
                    counts[start : start + _DECODE_BLOCK].tolist(),
                    strict=True,
                ),
            )
    return found


class CharModel:
    """log P of characters given the previous four, learned from `words`."""

    def __init__(self, words: Collection[str]) -> None:
        self._words = [w for w in words if not w.isascii()]  # for `_neighbours`, built on demand
        blob = "".join(_PAD + word + _END for word in words)
        self._grams: Counter[str] = count_grams(blob)
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
                return penalty + math.log(hits / (self._grams[context] if context else self._total))
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
