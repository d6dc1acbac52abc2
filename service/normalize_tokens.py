"""Token-level spelling repairs for `service.normalize`: spaced letters, leetspeak, masking.

Spaced letters are joined before casefolding (any Latin, Han or Thai letter); leetspeak and
masking run after it and only ever touch ASCII letters, digits and leet/mask symbols.
"""

import re
from collections.abc import Collection, Mapping

from service.normalize_tables import SPACED_ITEM, SPACED_NOT_AROUND

LEET = str.maketrans("1034@57$!|89", "ioeaastsilbg")
_LEET_ALT = str.maketrans("1", "l")  # "c1aws": tried when the first reading is not a known word

# 3+ single letters joined by one repeated separator: "i v o r y", "I.V.O.R.Y", "i_v_o", "ง า ช้ า ง".
# Mask and leet symbols count as letters at the edges, so "i v o r y t**th" keeps "t**th" whole.
SPACED_RE = re.compile(
    f"(?<!{SPACED_NOT_AROUND}){SPACED_ITEM}( +| ?[._·-] ?){SPACED_ITEM}"
    f"(?:\\1{SPACED_ITEM})+(?!{SPACED_NOT_AROUND})"
)
# A token mixing ASCII letters and leet characters, from token boundary to token boundary.
LEET_TOKEN_RE = re.compile(
    r"(?<![@$!|]|[^\W_])(?=[a-z0-9@$!|]*?(?:[a-z][0-9@$!|]|[0-9@$!|][a-z]))[a-z0-9@$!|]+(?![@$!|]|[^\W_])"
)
# Inner runs of * # _ between letters: "t**th", "rh#no", "p*ng*lin". Not next to leet symbols:
# masking runs after leetspeak and must not hand it a new token ("$n_a" -> "$nga" -> "snga").
MASK_RE = re.compile(r"(?<![\w*#@$!|])[a-z]+(?:[*#_]+[a-z]+)+(?![\w*#@$!|])")
# Cheap necessary conditions for SPACED_RE and LEET_TOKEN_RE, tried first: a pattern that opens
# with a character class lets `re` skip ahead, one that opens with a lookaround does not.
SPACED_HINT_RE = re.compile(f"[ ._·-]{SPACED_ITEM}[ ._·-]+{SPACED_ITEM}(?!{SPACED_NOT_AROUND})")
LEET_HINT_RE = re.compile(r"[0-9@$!|](?<=[a-z].)|[0-9@$!|][a-z]")

_SEPARATORS_RE = re.compile(r"[ ._·-]")
_RUNS_RE = re.compile(r"[a-z]+|[^a-z]+")
# Amounts, units, ordinals, sizes and durations are not leet: Rp50rb, rm1jt, 1kg, 18th, 3x3m,
# 10x20cm, 1h30p, 2h30m.
_NOT_LEET_RE = re.compile(
    r"(?:rp|rm|us|usd|idr|myr|vnd|thb|sgd|hkd|eur|gbp|pln|sek|rmb|nt)?\$?\d+"
    r"(?:(?:x|h|m|s|k|g|p|kg|cm|mm|min|tr|jt|rb|ph)\d+)*[a-z]*"
)
# Leet runs trusted between letters. "|" is left to the vocabulary (it also separates words),
# and doubled symbols ("!!", "@@") are punctuation, not letters.
_INNER_LEET_RE = re.compile(r"(?!([@$!])\1)[013457890@$!]{1,2}")
_HEAD_LEET_RE = re.compile(r"(?!\$\$)[01345789$]{1,2}")  # never "@": "@p4ngolin" is a mention
_TAIL_LEET_RE = re.compile(r"(?!\$\$|@@)[01345789$@]{1,2}")
_MASK_RUN_RE = re.compile(r"[*#]+")
_MASK_CHARS = frozenset("*#_")
_REPEATS_RE = re.compile(r"(.)\1\1+")


def _squeeze_run(match: re.Match[str]) -> str:
    char = match.group(1)
    return match.group() if char.isdecimal() or char.isspace() else char + char  # keep 1000, 555


def squeeze_repeats(text: str) -> str:
    """3+ repeats of a character become 2 ("sooooo" -> "soo"); digits and spaces are kept.

    It runs last; steps that compare a token with the vocabulary squeeze it first so that a
    second pass over the output reaches the same decision (idempotence)."""
    return _REPEATS_RE.sub(_squeeze_run, text)


def join_letters(match: re.Match[str]) -> str:
    """Join a SPACED_RE match unless it is mostly digits ("4 x 4", "1 2 3")."""
    joined = _SEPARATORS_RE.sub("", match.group())
    digits = sum(c.isdigit() for c in joined)
    return joined if len(joined) - digits >= max(2, digits) else match.group()


def unleet(token: str, vocabulary: Collection[str]) -> str:
    """Undo leetspeak in a LEET_TOKEN_RE token: "1v0ry" -> "ivory", "rh1n0" -> "rhino".

    A token that reads as a vocabulary word is that word ("5kin", "c1aws": "1" may read as "l").
    Otherwise it needs a trusted leet run between two letters, and letters for at least half of
    the replaced characters; then its edges are only read when they look like leet too."""
    known = _known_reading(token, vocabulary)
    if known is not None or _NOT_LEET_RE.fullmatch(token):
        return known or token
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
    word += tail.translate(LEET) if tail_ok else tail
    # A second pass would look the half-read word up ("d3fen$3" -> "defen$3" -> "defenses").
    return _known_reading(word, vocabulary) or word


def _known_reading(token: str, vocabulary: Collection[str]) -> str | None:
    for reading in (token.translate(LEET), token.translate(_LEET_ALT).translate(LEET)):
        if squeeze_repeats(reading) in vocabulary:
            return reading
    return None


def _fits(token: str, vocabulary: Collection[str]) -> set[str]:
    return {
        word
        for word in vocabulary
        if len(word) == len(token)
        and all(c == w or c in _MASK_CHARS for c, w in zip(token, word, strict=True))
    }


def collapse_masks(token: str) -> str:
    return _MASK_RUN_RE.sub("*", token)


def unmask(token: str, vocabulary: Collection[str]) -> str:
    """The one same-length vocabulary word a masked token fits ("iv*ry" -> "ivory"), else the token
    with each run of * or # collapsed to one "*" ("t**th" fits tooth and teeth: "t*th").

    * # and _ each stand for one letter; "_" runs are never collapsed ("white_plastic").
    Expects lowercase, unaccented vocabulary words."""
    hits = _fits(token, vocabulary)
    if len(hits) == 1:
        return hits.pop()
    collapsed = collapse_masks(token)
    # Keep the long form if the collapsed one would be unmasked by a second pass (idempotence).
    return token if collapsed != token and len(_fits(collapsed, vocabulary)) == 1 else collapsed


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
