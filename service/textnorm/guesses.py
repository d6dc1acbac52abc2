"""Vocabulary-guided readings of a disguised token, for `tokens`: the word a leetspeak
token, a masked token or a run of spaced-out letters most likely stands for.

In order: a known word that the whole token can spell; then known words of 3+ letters that
together spell it (hashtags and compounds: "#kl*inanzeigen"); then, with a learned vocabulary
(`Lexicon.modelled`), what the character model finds most word-like (held-out words). Each
returns None without a clear answer, and the caller keeps its vocabulary-free heuristics.
"""

import itertools
import math
import re
from collections.abc import Sequence

from service.textnorm.charmodel import GRAPHEME_RE
from service.textnorm.lexicon import Lexicon, remembered
from service.textnorm.split import ANY_LETTER, FEWEST_WORDS, best_split

# What each leet character can stand for. "|" and "1" are l or i; "6" is g or b ("6ear").
_LEET_OPTIONS = {
    "0": "o", "1": "il", "2": "z", "3": "e", "4": "a", "5": "s", "6": "gb",
    "7": "t", "8": "b", "9": "g", "@": "a", "$": "s", "!": "i", "|": "li",
}  # fmt: skip
LEET_CHARS = frozenset(_LEET_OPTIONS)
# Readings tried per token; a token with more ambiguous characters is left to the split and the
# heuristics (never truncated: a later pass over a partly read token must not find more).
_MAX_READINGS = 256
# Short readings are too easy to hit by chance ("b4" -> "ba"), all the more for what could be
# a mention or a number ("74m3"); the character model needs longer ones still.
_MIN_READING, _MIN_PIECE, _MIN_MENTION_READING, _MIN_NUMBER_READING, _MIN_MODEL_READING = 3, 3, 5, 5, 5
# Mean log P per character a reading needs to pass for a word: real held-out words mostly score
# above it, codes such as "rtx3080" or "a1b2c3" read as letters below (see the tests).
_WORDLIKE = -3.0
# Amounts, units, ordinals, sizes and durations are not leet: Rp50rb, rm1jt, 1kg, 18th, 3x3m,
# 10x20cm, 1h30p, 2h30m.
NOT_LEET_RE = re.compile(
    r"(?:rp|rm|us|usd|idr|myr|vnd|thb|sgd|hkd|eur|gbp|pln|sek|rmb|nt)?\$?\d+"
    r"(?:(?:x|h|m|s|k|g|p|kg|cm|mm|min|tr|jt|rb|ph)\d+)*[a-z]*"
)
# A word with a number glued to one end ("top5", "5am"): a number unless the leet reading is the
# more frequent word ("5kin" -> "skin" but "top5" stays).
_GLUED_NUMBER_RE = re.compile(r"(?P<head>\d+)(?P<a>[a-z]+)|(?P<b>[a-z]+)(?P<tail>\d+)")
_GENDER_STAR_RE = re.compile(r"[a-z]{3,}\*in(?:nen)?|[a-z]{5,}e\*r")
_DOMINANCE = 3  # a masked token's best known fit needs this many times the runner-up's count
_FILL_MARGIN = math.log(2)  # ... and a modelled fill this many times the runner-up's probability


def _leet_options(token: str) -> list[str]:
    return [_LEET_OPTIONS.get(char, char) for char in token]


def _readings(token: str, min_length: int) -> list[str]:
    options = _leet_options(token)
    if len(token) < min_length or math.prod(map(len, options)) > _MAX_READINGS:
        return []
    return ["".join(letters) for letters in itertools.product(*options)]


def _known_reading(token: str, lexicon: Lexicon, min_length: int = _MIN_READING) -> str | None:
    """The most frequent vocabulary word `token` reads as, its leet characters decoded."""
    known = [(-lexicon.count(r), r) for r in _readings(token, min_length) if lexicon.count(r)]
    return min(known)[1] if known else None


def _compound(options: Sequence[Sequence[str]], lexicon: Lexicon) -> str | None:
    """The run read as 2+ known words of 3+ letters each ("hornbillivorypendant"), fewest first."""
    if len(options) < 2 * _MIN_PIECE:
        return None
    words = best_split(options, lexicon, _MIN_PIECE, per_word=FEWEST_WORDS)
    return "".join(word for _, word in words) if words and len(words) > 1 else None


def _modelled_reading(token: str, lexicon: Lexicon) -> str | None:
    """The reading the character model finds most word-like, if it is word-like enough."""
    if not lexicon.modelled:
        return None
    scored = [(-lexicon.chars.wordness(r), r) for r in _readings(token, _MIN_MODEL_READING)]
    best = min(scored, default=None)
    return best[1] if best is not None and -best[0] >= _WORDLIKE else None


def read_leet(token: str, lexicon: Lexicon) -> str | None:
    """The word a LEET_TOKEN_RE token stands for ("8an913$" -> "bangles"), or None.

    Trailing "!" and "|" are punctuation unless that makes a more frequent word ("jesl!" but
    "tak!"). A token starting with "@" is a mention unless another leet character is in it and
    all of it reads as a known word of 5+ letters ("@v4i1a813"); a mention keeps its "@" and
    reads the rest (handles followed by "_" or "." the stage leaves alone)."""
    core = token.rstrip("!|")
    if core != token and core:
        whole, bare = _known_reading(token, lexicon), _known_reading(core, lexicon) or core
        if whole is not None and lexicon.count(whole) > lexicon.count(bare):
            return whole
    if not any(char in LEET_CHARS for char in core):
        return None
    word = _read_core(core, lexicon)
    return None if word is None else word + token[len(core) :]


def _read_core(core: str, lexicon: Lexicon) -> str | None:
    glued = _GLUED_NUMBER_RE.fullmatch(core)
    if glued is not None:
        digits = glued.group("head") or glued.group("tail")
        letters = glued.group("a") or glued.group("b")
        if glued.group("head") and (len(digits) > 1 or len(letters) < 3):
            # "18th", "10am", "1st", "5am" are numbers; "73eth" spells a built-in sensitive word
            word = _known_reading(core, lexicon, _MIN_NUMBER_READING)
            return word if word is not None and word in lexicon.builtin else None
        word = _known_reading(core, lexicon)
        if word is not None:  # a short one only if more frequent than the bare letters
            long_enough = len(word) >= _MIN_NUMBER_READING
            return word if long_enough or lexicon.count(word) > lexicon.count(letters) else None
        if lexicon.count(letters) or len(digits) > 1 or (NOT_LEET_RE.fullmatch(core) and len(letters) < 3):
            return None
        # A held-out word with a number glued on ("rhino7") stays, unless the digit reads better.
        word = _modelled_reading(core, lexicon)
        better = word is not None and lexicon.chars.wordness(word) > lexicon.chars.wordness(letters)
        return word if better else None
    if NOT_LEET_RE.fullmatch(core):  # "74m3" is a volume, but "3s7473" an estate
        return _known_reading(core, lexicon, _MIN_NUMBER_READING)
    if core[0] == "@":
        rest = core[1:]
        word = None
        if any(char in LEET_CHARS for char in rest):
            word = _known_reading(core, lexicon, _MIN_MENTION_READING)
        if word is None:
            read = read_leet(rest, lexicon)
            word = None if read is None else "@" + read
        return word
    return (
        _known_reading(core, lexicon)
        or _compound(_leet_options(core), lexicon)
        or _modelled_reading(core, lexicon)
    )


@remembered
def fill_mask(token: str, lexicon: Lexicon) -> str | None:
    """The word a masked token stands for ("b*ng*es" -> "bangles"): the only known word that
    fits, or one at least 3x as frequent as the next; else known words of 3+ letters that fill
    it together ("#kl*inanzeigen"); else, for a word of 4+ letters, the character model's fill if
    clearly the best ("vermar*tungsgenehmigung"). Scripts other than Latin: a * is a grapheme."""
    if _GENDER_STAR_RE.fullmatch(token):
        return None  # German gender star, not a mask: "kaufer*innen", "ehrenamtliche*r"
    fits = lexicon.fitting(token, "*#_")
    if fits:
        ranked = sorted(fits, key=lambda word: (-lexicon.count(word), word))
        if len(ranked) == 1 or lexicon.count(ranked[0]) >= _DOMINANCE * lexicon.count(ranked[1]):
            return ranked[0]
        return None
    latin = token.isascii()
    if latin and "_" not in token:
        compound = _compound([ANY_LETTER if char in "*#" else char for char in token], lexicon)
        if compound is not None:
            return compound
    units = [None if unit in "*#" else unit for unit in GRAPHEME_RE.findall(token)]
    known = sum(unit is not None for unit in units)
    # A Latin letter says less than a Han character: "鶴*紅" has context enough, "h*n" not.
    if not lexicon.modelled or "_" in token or known < max(4 if latin else 2, 2 * (len(units) - known)):
        return None
    fills = lexicon.chars.fill(units, latin)
    if not fills or (len(fills) > 1 and fills[0][0] - fills[1][0] < _FILL_MARGIN):
        return None
    return fills[0][1]


def segment(parts: Sequence[str], lexicon: Lexicon) -> list[int] | None:
    """How many of `parts` (letters as output, "ss" for "ß") each word takes when their join is
    split into words: "hornavailable" -> [4, 9]; None if it is best left whole.

    Modelled: the most probable split, unknown words allowed (`best_split`). Otherwise: the fewest
    known words, ties to the higher summed log count, and only if known words cover every part."""
    if lexicon.count("".join(parts)):
        return None  # a known word stays whole ("ivory", not "i vory")
    options = [(part,) for part in parts]
    if lexicon.modelled:
        words = best_split(options, lexicon, unknown=True)
        if words is not None and len(words) == 1 and lexicon.builtin:
            # A large vocabulary makes a long run likelier as one unknown word than as several
            # known ones ("ivorytusks"). Known words that cover it, one of them a built-in sensitive
            # word, win: a product word must not hide inside a word that does not exist.
            known = best_split(options, lexicon, per_word=FEWEST_WORDS)
            if known is not None and any(word in lexicon.builtin for _, word in known):
                words = known
    else:
        words = best_split(options, lexicon, per_word=FEWEST_WORDS)
    return None if words is None or len(words) == 1 else [size for size, _ in words]
