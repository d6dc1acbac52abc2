"""Splitting a run of letters into words: spaced-out runs ("hornavailable" -> "horn available")
and disguised compounds ("#bjorn9411ek@p$1ar" -> "bjorn" "galle" "kapslar").

Each position of the run may read as several strings (a leet "1" as "i" or "l", a mask as any
letter, a spaced-out "ß" as "ss"); the split only follows readings that begin some known word. Unigram scores: a known word costs the log of its share
of all counted words plus a constant; an unknown one (allowed only where nothing is ambiguous)
its character-model log probability plus a larger constant.
"""

from collections.abc import Sequence

from service.textnorm.charmodel import LATIN
from service.textnorm.lexicon import Lexicon

Options = Sequence[Sequence[str]]
ANY_LETTER = LATIN
# Chosen on the corpus validation split (spaced and dotted posts): a run stays whole unless
# known words explain it clearly better, as German or Swedish compounds are common and the
# character model reads them well.
UNKNOWN_WORD = -15.0
PER_WORD = -12.0
SINGLE_LETTER = -6.0
FEWEST_WORDS = -1000.0  # a per-word cost that makes the number of words decide first


def best_split(
    options: Options,
    lexicon: Lexicon,
    min_piece: int = 1,
    unknown: bool = False,
    per_word: float | None = None,
) -> list[tuple[int, str]] | None:
    """The most probable split of the run into words, as (positions taken, word as read); None
    if no split covers every position. `min_piece`: letters a word needs; `unknown`: allow words
    the vocabulary lacks, scored by the character model."""
    per_word = PER_WORD if per_word is None else per_word
    # best[end] = (score, positions in the last word, the last word) over splits of options[:end]
    best: list[tuple[float, int, str] | None] = [None] * (len(options) + 1)
    best[0] = (0.0, 0, "")

    def offer(end: int, score: float, size: int, word: str) -> None:
        current = best[end]
        if current is None or score > current[0]:
            best[end] = (score, size, word)

    for start in range(len(options)):
        before = best[start]
        if before is None:
            continue
        for end, word in _spellings(options, start, lexicon):
            cost = per_word
            if len(word) == 1:
                # Only at an edge: a one-letter word ("y", "a", "z") next to a spaced-out word
                # joins its run. Cheaper there when unknown words are allowed, as they pay more.
                if start and end < len(options):
                    continue
                cost = SINGLE_LETTER if unknown else per_word
            if len(word) >= min_piece:
                offer(end, before[0] + lexicon.log_share(word) + cost, end - start, word)
        if unknown:
            for end, word, log_p in _unknown_words(options, start, lexicon):
                if len(word) >= min_piece and not lexicon.count(word):
                    offer(end, before[0] + UNKNOWN_WORD + log_p, end - start, word)
    words: list[tuple[int, str]] = []
    end = len(options)
    while end:
        step = best[end]
        if step is None:
            return None
        words.append((step[1], step[2]))
        end -= step[1]
    return words[::-1]


def _spellings(options: Options, start: int, lexicon: Lexicon) -> list[tuple[int, str]]:
    """(end, word) for every known word that options[start:end] can spell."""
    found: list[tuple[int, str]] = []
    stack: list[tuple[int, str]] = [(start, "")]
    while stack:
        end, word = stack.pop()
        if end > start and lexicon.count(word):
            found.append((end, word))
        if end == len(options) or (word and not lexicon.begins_a_word(word)):
            continue
        for choice in options[end]:
            stack.append((end + 1, word + choice))
    return sorted(found)


def _unknown_words(options: Options, start: int, lexicon: Lexicon) -> list[tuple[int, str, float]]:
    """(end, word, log P as a whole word) for the unambiguous stretches options[start:end]."""
    found = []
    word, log_p, chars = "", 0.0, lexicon.chars
    for end in range(start + 1, len(options) + 1):
        if len(options[end - 1]) != 1:
            break
        for char in options[end - 1][0]:
            log_p += chars.next_log_p(word, char)
            word += char
        found.append((end, word, log_p + chars.end_log_p(word)))
    return found
