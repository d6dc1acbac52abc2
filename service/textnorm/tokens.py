"""Token-level spelling repairs for `service.textnorm.normalizer`: spaced letters, leetspeak, masking.

Spaced letters are joined before casefolding (any Latin, Han or Thai letter); leetspeak and
masking run after it and only ever touch ASCII letters, digits and leet/mask symbols. Where the
vocabulary knows a reading (`guesses`) it wins; otherwise the heuristics here decide.
"""

import re
from collections.abc import Collection, Mapping, Sequence

from service.textnorm.guesses import NOT_LEET_RE, fill_mask, read_leet, segment
from service.textnorm.lexicon import Lexicon, fold_letter, remembered
from service.textnorm.tables import COMBINING, SPACED_ITEM, SPACED_NOT_AROUND, SPACED_NOT_BEFORE

LEET = str.maketrans("1034@57$!|89", "ioeaastsilbg")

# 3+ single letters joined by one repeated separator: "i v o r y", "I.V.O.R.Y", "i_v_o", "ง า ช้ า ง".
# Mask and leet symbols count as letters at the edges, so "i v o r y t**th" keeps "t**th" whole,
# except a "#" that opens a hashtag ("#k l e i n").
SPACED_RE = re.compile(
    f"(?<!{SPACED_NOT_BEFORE})(?<!\\S#)(?!(?<=\\d)\\d){SPACED_ITEM}( +| ?[._·-] ?){SPACED_ITEM}"
    f"(?:\\1{SPACED_ITEM})+(?!{SPACED_NOT_AROUND})"
)
# A token mixing ASCII letters and leet characters, from token boundary to token boundary.
LEET_TOKEN_RE = re.compile(
    r"(?<![@$!|]|[^\W_])(?=[a-z0-9@$!|]*?(?:[a-z][0-9@$!|]|[0-9@$!|][a-z]))[a-z0-9@$!|]+(?![@$!|]|[^\W_])"
)
# Inner runs of * # _ between letters: "t**th", "rh#no", "p*ng*lin". Not next to leet symbols:
# masking runs after leetspeak and must not hand it a new token ("$n_a" -> "$nga" -> "snga").
# A "#" may open a hashtag: "#kl*inanzeigen".
MASK_RE = re.compile(r"(?<![\w*@$!|])(?<![\w*#@$!|]#)[a-z]+(?:[*#_]+[a-z]+)+(?![\w*#@$!|])")
# The same in any script, for the character model: "元*拍", "ต่อรอ*ได้".
_UNIT = f"(?:[^\\W_]|{COMBINING})"
MASK_ANY_RE = re.compile(
    f"(?<![\\w*@$!|])(?<![\\w*#@$!|]#)(?<!{COMBINING}){_UNIT}+(?:[*#]+{_UNIT}+)+(?![\\w*#@$!|])(?!{COMBINING})"
)
# Cheap necessary conditions for SPACED_RE and LEET_TOKEN_RE, tried first: a pattern that opens
# with a character class lets `re` skip ahead, one that opens with a lookaround does not.
SPACED_HINT_RE = re.compile(f"[ ._·-]{SPACED_ITEM}[ ._·-]+{SPACED_ITEM}(?!{SPACED_NOT_AROUND})")
LEET_HINT_RE = re.compile(r"[0-9@$!|](?<=[a-z].)|[0-9@$!|][a-z]")
MASK_HINT_RE = re.compile(r"[*#_](?<=[a-z].)")
MASK_ANY_HINT_RE = re.compile(r"[*#](?<=[^\W_].)")

_RUNS_RE = re.compile(r"[a-z]+|[^a-z]+")
# Leet runs trusted between letters. "|" is left to the vocabulary (it also separates words),
# and doubled symbols ("!!", "@@") are punctuation, not letters.
_INNER_LEET_RE = re.compile(r"(?!([@$!])\1)[013457890@$!]{1,2}")
_HEAD_LEET_RE = re.compile(r"(?!\$\$)[01345789$]{1,2}")  # never "@": "@p4ngolin" is a mention
_TAIL_LEET_RE = re.compile(r"(?!\$\$|@@)[01345789$@]{1,2}")
_MASK_RUN_RE = re.compile(r"[*#]+")
_REPEATS_RE = re.compile(r"(.)\1\1+")
HAN_RE = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def _squeeze_run(match: re.Match[str]) -> str:
    char = match.group(1)
    return match.group() if char.isdecimal() or char.isspace() else char + char  # keep 1000, 555


def squeeze_repeats(text: str) -> str:
    """3+ repeats of a character become 2 ("sooooo" -> "soo"); digits and spaces are kept.

    It runs last; steps that compare a token with the vocabulary squeeze it first so that a
    second pass over the output reaches the same decision (idempotence)."""
    return _REPEATS_RE.sub(_squeeze_run, text)


def join_letters(match: re.Match[str], lexicon: Lexicon | None = None) -> str:
    """Join a SPACED_RE match unless it is mostly digits ("4 x 4", "1 2 3"). With learned words in
    `lexicon`, a run of several words is split back into them ("h o r n a v a i l a b l e" ->
    "horn available") and leading digits stay apart ("3 p i e c e s" -> "3 pieces"); a hashtag
    and Chinese stay one word."""
    items = match.group().split(match.group(1))
    joined = "".join(items)
    digits = sum(c.isdigit() for c in joined)
    if len(joined) - digits < max(2, digits):
        return match.group()
    hashtag = match.start() > 0 and match.string[match.start() - 1] == "#"
    if lexicon is None or not lexicon.learned or hashtag or HAN_RE.search(joined):
        return joined
    return _split_words(tuple(items), lexicon) or joined


@remembered
def _split_words(items: tuple[str, ...], lexicon: Lexicon) -> str | None:
    """The run as words ("horn available", "3 pieces"), or None to join it whole."""
    lead = 0
    while lead < len(items) and items[lead].isdecimal():
        lead += 1
    parts = [fold_letter(item) or item.casefold() for item in items[lead:]]
    if any(char.isdigit() for part in parts for char in part):
        return None  # leet inside ("1 v 0 r y"): the leetspeak stage reads it whole
    sizes = segment(parts, lexicon) or [len(parts)]
    if lead:  # "3 pieces" only before known words; "5 k i n" reads as "skin"
        if not all(map(lexicon.count, _cut(parts, sizes))) or read_leet("".join(items).casefold(), lexicon):
            return None
    elif len(sizes) == 1:
        return None
    return " ".join(["".join(items[:lead])] * bool(lead) + _cut(items[lead:], sizes))


def _cut(pieces: Sequence[str], sizes: list[int]) -> list[str]:
    words, start = [], 0
    for size in sizes:
        words.append("".join(pieces[start : start + size]))
        start += size
    return words


@remembered
def unleet(token: str, lexicon: Lexicon) -> str:
    """Undo leetspeak in a LEET_TOKEN_RE token: "1v0ry" -> "ivory", "8an913$" -> "bangles".

    The vocabulary's reading wins (`read_leet`). Otherwise the token needs a trusted leet run
    between two letters, and letters for at least half of the replaced characters; then its
    edges are only read when they look like leet too. Repeated until nothing changes, as a second
    pass would."""
    for _ in range(len(token)):
        step = read_leet(token, lexicon) or _unleet_heuristic(token)
        if step == token:
            break
        token = step
    return token


def _unleet_heuristic(token: str) -> str:
    if NOT_LEET_RE.fullmatch(token):
        return token
    runs = _RUNS_RE.findall(token)
    head = runs.pop(0) if not runs[0][0].isalpha() else ""
    tail = runs.pop() if runs and not runs[-1][0].isalpha() else ""
    inner = runs[1::2]
    head_ok, tail_ok = bool(_HEAD_LEET_RE.fullmatch(head)), bool(_TAIL_LEET_RE.fullmatch(tail))
    replaced = sum(map(len, inner)) + head_ok * len(head) + tail_ok * len(tail)
    letters = sum(map(len, runs[0::2]))
    if not inner:  # only symbols stand in for letters at a word's edge: "$aco", "kur@", not "83ar"
        symbols = head in ("", "$") and tail in ("", "@", "$") and letters >= 3
        return token.translate(LEET) if symbols else token
    # Heavy leet ("31f3nb3!n") still qualifies; codes such as "rtx3080" or "a1b2c3" do not.
    if 2 * letters < replaced or not all(map(_INNER_LEET_RE.fullmatch, inner)):
        return token
    word = (head.translate(LEET) if head_ok else head) + "".join(runs).translate(LEET)
    return word + (tail.translate(LEET) if tail_ok else tail)


def collapse_masks(token: str) -> str:
    return _MASK_RUN_RE.sub("*", token)


def unmask(token: str, vocabulary: Lexicon | Mapping[str, int] | Collection[str]) -> str:
    """The word a masked token stands for ("iv*ry" -> "ivory", see `fill_mask`), else the token
    with each run of * or # collapsed to one "*" ("t**th" fits tooth and teeth: "t*th").

    * # and _ each stand for one letter; "_" runs are never collapsed ("white_plastic").
    Expects lowercase, unaccented vocabulary words."""
    lexicon = vocabulary if isinstance(vocabulary, Lexicon) else Lexicon.build(vocabulary)
    word = fill_mask(token, lexicon)
    if word is not None:
        return word
    collapsed = collapse_masks(token)
    # Keep the long form if the collapsed one would be unmasked by a second pass (idempotence).
    return token if collapsed != token and fill_mask(collapsed, lexicon) is not None else collapsed


def added_accents(word: str, plain: str, spellings: Mapping[str, Collection[str]]) -> bool:
    """Whether `word` (casefolded; `plain` is it unaccented, same length) holds a sensitive word
    with an accent where every real spelling has none: "ívöry", "rohelfenbéin", but not the
    correct "ngà voi" or the inflected "kości" (kość)."""
    for target, forms in spellings.items():
        start = plain.find(target) if len(target) >= 5 or target == plain else -1
        same_length = [f for f in forms if len(f) == len(target)] or [target]
        while start >= 0:
            window = word[start : start + len(target)]
            for i, (seen, bare) in enumerate(zip(window, target, strict=True)):
                if seen != bare and all(form[i] == bare for form in same_length):
                    return True
            start = plain.find(target, start + 1)
    return False
