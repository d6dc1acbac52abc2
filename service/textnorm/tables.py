"""Character tables and patterns for `service.textnorm.normalizer`, built once at import.

Kept apart from the pipeline so the curated data reads as data; nothing here holds state.
"""

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path

import emoji

UNMASK_TERMS_PATH = Path(__file__).resolve().parents[1] / "data" / "unmask_terms.txt"


def char_ranges(chars: Iterable[str]) -> str:
    """Character-class body with consecutive code points merged: "a-z" rather than 26 items."""
    runs: list[list[int]] = []
    for cp in sorted({ord(c) for c in chars}):
        if runs and cp == runs[-1][1] + 1:
            runs[-1][1] = cp
        else:
            runs.append([cp, cp])
    return "".join(re.escape(chr(a)) + (f"-{re.escape(chr(b))}" if b > a else "") for a, b in runs)


ASTRAL = "\U00010000-\U0010ffff"
ASTRAL_RE = re.compile(f"[{ASTRAL}]")


def one_of(chars: Iterable[str]) -> str:
    """Pattern for one character of `chars`. `re` checks a class holding astral characters item by
    item, so those sit behind a one-range guard and the BMP part keeps its fast bitmap."""
    chars = set(chars)
    bmp, astral = {c for c in chars if c < "\U00010000"}, {c for c in chars if c >= "\U00010000"}
    parts = [f"[{char_ranges(bmp)}]"] if bmp else []
    parts += [f"(?=[{ASTRAL}])[{char_ranges(astral)}]"] if astral else []
    return f"(?:{'|'.join(parts)})"


def _code_points(*ranges: tuple[int, int]) -> set[str]:
    return {chr(cp) for first, last in ranges for cp in range(first, last + 1)}


def _by_category(*categories: str) -> dict[str, set[str]]:
    """The characters of these general categories, by category, in one pass over the code points;
    planes 4-13 and 15-16 hold no marks or formats. Only the wanted ones are kept: a set of every
    character (~200,000 strings) held ~28 MB in each process that scores."""
    found: dict[str, set[str]] = {category: set() for category in categories}
    for c in map(chr, (*range(0x30000), *range(0xE0000, 0xE1000))):
        if (category := unicodedata.category(c)) in found:
            found[category].add(c)
    return found


_CATEGORIES = _by_category("Mn", "Mc", "Me", "Cf")


# Combining marks are only stripped after a Latin letter, so Thai, Devanagari, Arabic... keep
# theirs. "After a Latin letter" means after any printable ASCII character, which leetspeak or
# masking may turn into a letter later ("0̀"); and any mark counts, since an unrelated one in
# between ("À่̀") would not stop NFKC from composing the rest on a second pass. Stages that
# split text into words count marks as word characters for the same reason.
_MARK_CHARS = _CATEGORIES["Mn"] | _CATEGORIES["Mc"] | _CATEGORIES["Me"]
COMBINING = one_of(_MARK_CHARS)
LATIN_MARKS_RE = re.compile(f"(?<=[!-~]){COMBINING}+")
# Cheap guard for LATIN_MARKS_RE. It ignores astral marks (rare), which are then left in place
# on both passes alike.
MARKED_ASCII_RE = re.compile(f"[{char_ranges(c for c in _MARK_CHARS if c < chr(0x10000))}](?<=[!-~].)")

# Every Cf character (zero-width space/joiners, bidi controls, soft hyphen, tags...), variation
# selectors, the combining grapheme joiner, Hangul fillers and non-whitespace C0/C1 controls.
# The emoji pass runs first, so the ZWJ/VS16/tags that belong to an emoji are already consumed.
_INVISIBLE_CHARS = _CATEGORIES["Cf"] | _code_points(
    (0x34F, 0x34F), (0x115F, 0x1160), (0x3164, 0x3164), (0xFFA0, 0xFFA0), (0xFE00, 0xFE0F),
    (0xE0100, 0xE01EF), (0x00, 0x08), (0x0E, 0x1B), (0x7F, 0x9F),
)  # fmt: skip
INVISIBLE = one_of(_INVISIBLE_CHARS)
INVISIBLE_RE = re.compile(f"{INVISIBLE}+")
INVISIBLE_BMP_RE = re.compile(f"[{char_ranges(c for c in _INVISIBLE_CHARS if c < chr(0x10000))}]")
ZERO_WIDTH_WORD_RE = re.compile(rf"(?<!\w)\w+(?:{INVISIBLE}+\w+)+")
SURROGATE_PAIR_RE = re.compile("[\ud800-\udbff][\udc00-\udfff]")
SURROGATE_RE = re.compile("[\ud800-\udfff]")

# Latin letters NFKC leaves alone: small capitals and IPA look-alikes, and letters with no
# decomposition (ł, đ, ø).
_LATIN_SPECIAL = dict(
    zip(
        "ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢıȷɑɡɩłŁđĐøØðÐħĦŧŦƀɨĸ",
        "abcdefghijklmnopqrstuvwyzijagilLdDoOdDhHtTbik",
        strict=True,
    )
)
_LATIN_SPECIAL.update(
    {"ß": "ss", "ẞ": "SS", "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "TH"}
)
SMALL_CAPS = frozenset("ᴀʙᴄᴅᴇꜰɢʜɪᴊᴋʟᴍɴᴏᴘꞯʀꜱᴛᴜᴠᴡʏᴢ")


def _latin_fold_table() -> dict[int, str]:
    """Every precomposed Latin letter with marks -> its ASCII base, plus the specials above, plus
    anything whose casefold holds one of those (Ƀ→ƀ→b): closed under casefold, like HOMOGLYPHS."""
    table = {ord(k): v for k, v in _LATIN_SPECIAL.items()}
    blocks = (range(0xC0, 0x250), range(0x1E00, 0x1F00), range(0x2C60, 0x2C80), range(0xA720, 0xA800))
    for cp in (cp for block in blocks for cp in block):
        base = unicodedata.normalize("NFD", chr(cp))[0]
        base = _LATIN_SPECIAL.get(base, base)
        if cp not in table and base.isascii() and base.isalpha() and base != chr(cp):
            table[cp] = base
    for c in map(chr, range(0x80, 0x10000)):
        folded = c.casefold()
        if ord(c) not in table and any(ord(x) in table for x in folded):
            table[ord(c)] = folded.translate(table)
    return table


LATIN_FOLD = _latin_fold_table()
_LATIN_FOLD_CLASS = char_ranges(map(chr, LATIN_FOLD))
LATIN_FOLD_RE = re.compile(f"[{_LATIN_FOLD_CLASS}]")
_W = rf"(?:\w|{COMBINING})"
LATIN_FOLD_WORD_RE = re.compile(f"(?<!{_W}){_W}*(?:{LATIN_FOLD_RE.pattern}|[!-~]{COMBINING}){_W}*")
HAS_LATIN_RE = re.compile(f"[A-Za-z{_LATIN_FOLD_CLASS}]")

# Negative circled/squared capitals (🅸🆅🅾🆁🆈) have no NFKC decomposition; folded with it.
STYLED_FOLD = {base + i: chr(ord("A") + i) for base in (0x1F150, 0x1F170) for i in range(26)}

# Curated confusables (the Unicode confusables.txt idea, trimmed to letters that pass for Latin
# in ordinary fonts). Case-aware because Greek capitals and small letters mimic different Latin
# letters (Η→H but η→n, Ν→N but ν→v), so folding runs before casefold.
_HOMOGLYPH_PAIRS = (
    "АA ВB ЕE КK МM НH ОO РP СC ТT ХX УY ІI ЈJ ЅS ԀD ҺH ӀI ԚQ ԜW ҮY ѴV ЬB "
    "аa вb гr еe кk мm нh оo пn рp сc тt уy хx ьb іi јj ѕs ԁd һh ӏl ԛq ԝw үy ѵv ҫc "
    "ΑA ΒB ΕE ΖZ ΗH ΙI ΚK ΜM ΝN ΟO ΡP ΤT ΥY ΧX ϹC ͿJ "
    "αa βb γy εe ζz ηn ιi κk μu νv οo ρp τt υu χx ωw ϲc ϳj "
    "ՕO ՍU օo սu ոn հh ցg զq"
)
_NEAR_LATIN_BLOCKS = ((0x300, 0x58F), (0x1C80, 0x1C8F), (0x1F00, 0x1FFF), (0x2DE0, 0x2DFF), (0xA640, 0xA69F))


def _homoglyph_table() -> dict[int, str]:
    """Curated pairs, their accented forms (ё, ї, ό), and anything whose casefold is made of them
    (Г→г→r, ͅ→ι→i): closed under casefold, so one pass before casefolding is enough."""
    pairs = {p[0]: p[1] for p in _HOMOGLYPH_PAIRS.split()}
    table = {ord(k): v for k, v in pairs.items()}
    for c in sorted(_code_points(*_NEAR_LATIN_BLOCKS)):
        if ord(c) in table:
            continue
        for form in (c, c.casefold()):
            letters = [x for x in unicodedata.normalize("NFD", form) if not unicodedata.combining(x)]
            if letters and all(x in pairs for x in letters):
                table[ord(c)] = "".join(pairs[x] for x in letters)
                break
    return table


HOMOGLYPHS = _homoglyph_table()
_FOREIGN = {c for c in _code_points(*_NEAR_LATIN_BLOCKS) if c.isalpha() and ord(c) not in HOMOGLYPHS}
# A Cyrillic/Greek/Armenian letter with no Latin twin (л, ж, φ, λ...): the text really is written
# in that script, so only words that also hold Latin letters are folded.
FOREIGN_LETTER_RE = re.compile(f"[{char_ranges(_FOREIGN)}]")
_WORD = rf"(?:[\w@$\u200d]|{COMBINING})"
CONFUSABLE_RE = re.compile(f"[{char_ranges(map(chr, HOMOGLYPHS))}]")
HOMOGLYPH_WORD_RE = re.compile(f"(?<!{_WORD}){_WORD}*{CONFUSABLE_RE.pattern}{_WORD}*")

# One "letter" of a spaced-out word: Latin (any accent, small capitals), digit, Han, or Thai
# consonant/vowel with its marks. Cyrillic is left out: Russian has many one-letter words.
SPACED_LETTER = (
    f"[A-Za-z0-9{_LATIN_FOLD_CLASS}\u3400-\u4dbf\u4e00-\u9fff\u0e01-\u0e30\u0e32\u0e33\u0e40-\u0e46]"
)
SPACED_ITEM = f"{SPACED_LETTER}{COMBINING}*"
SPACED_NOT_AROUND = f"[^\\W_]|[*#@$]|{COMBINING}"
# ...but a "#" may open a hashtag of spaced letters ("#k l e i n", see SPACED_RE), and a number
# may run into them ("2600000v n d", "53能 出 不").
SPACED_NOT_BEFORE = f"[^\\W\\d_]|[*@$]|{COMBINING}"

# Characters NFKC turns into plain letters that nobody types by accident: fullwidth forms, math
# alphanumerics, circled/squared letters, ligatures, modifier (superscript) letters.
STYLED_RE = re.compile(
    "[\uff01-\uff5e\U0001d400-\U0001d7ff\u24b6-\u24e9\U0001f130-\U0001f189\ufb00-\ufb06\u1d2c-\u1d6a]"
)
STYLED_WORD_RE = re.compile(rf"(?<!\S)\S*{STYLED_RE.pattern}\S*")

EMOJI_MODIFIERS_RE = re.compile("[\ufe0e\ufe0f\U0001f3fb-\U0001f3ff]")


def _emoji_names() -> dict[str, str]:
    """Emoji sequence (skin tones and VS16 removed) -> English words ("tiger face" -> "tiger")."""
    names: dict[str, str] = {}
    for seq, data in emoji.EMOJI_DATA.items():
        key = EMOJI_MODIFIERS_RE.sub("", seq)
        if key and key not in names:
            names[key] = data["en"].strip(":").replace("_", " ")
    standalone = set(names.values())
    for key, name in names.items():
        if name.startswith("keycap "):
            names[key] = name.removeprefix("keycap ")
        elif name.endswith(" face") and name.removesuffix(" face") in standalone:
            names[key] = name.removesuffix(" face")
    return names


EMOJI_NAMES = _emoji_names()
REGIONAL_A = 0x1F1E6
_RI = "\U0001f1e6-\U0001f1ff"


# Emoji that NFKC turns into text (™, ℹ, Ⓜ, ‼) and negative squared letters (🅾) are left to the
# text passes, so styled words stay words.
def _emoji_starts() -> set[str]:
    firsts = {seq[0] for seq in emoji.EMOJI_DATA if not seq[0].isascii()}
    keep = {
        c
        for c in firsts
        if unicodedata.normalize("NFKC", c) == c
        and ord(c) not in STYLED_FOLD
        and not EMOJI_MODIFIERS_RE.match(c)
        and not "\U0001f1e6" <= c <= "\U0001f1ff"
    }
    return keep


_STARTS = _emoji_starts()
_START = one_of(_STARTS)
# Cheap test for "may hold an emoji": BMP starts and keycaps here, astral ones via ASTRAL_RE.
EMOJI_BMP_RE = re.compile(f"[{char_ranges(c for c in _STARTS if c < chr(0x10000))}\u20e3]")
_MOD = one_of(_code_points((0xFE0E, 0xFE0F), (0x20E3, 0x20E3), (0x1F3FB, 0x1F3FF), (0xE0020, 0xE007F)))
_CLUSTER = f"(?:[#*0-9]\ufe0f?\u20e3|(?=[{ASTRAL}])[{_RI}]{{1,2}}|{_START}{_MOD}*(?:\u200d{_START}{_MOD}*)*)"
EMOJI_CLUSTER_RE = re.compile(_CLUSTER)
# Runs of emoji (spaces or invisibles between), so "🐘 🐘🐘" can become a single word.
EMOJI_RUN_RE = re.compile(f"{_CLUSTER}(?:(?:\\s|{INVISIBLE})*{_CLUSTER})*")

# Addresses are left as written: "b1t.ly/1v0ry", "sh0p@gmail.com", "t.me/p4ng_shop". A word
# (between spaces) is an address if it holds a scheme, "ww." (squeezing turns "www." into it, and
# a second pass must see the same address) or a common top-level domain, so "3.5" or "e.g" are text.
_TLD = (
    "com|net|org|info|biz|io|co|me|ly|gl|gg|tv|app|shop|store|online|site|xyz|link|to|"
    "vn|th|id|my|sg|ph|cn|hk|tw|jp|kr|in|uk|us|au|nz|ru|eu|de|fr|pl|se|es|pt|br|mx|ar|it|nl|be|ch|at"
)
ADDRESS_MARK_RE = re.compile(rf"://|ww\.|\.(?:{_TLD})(?![\w-])")  # opens with literals: cheap


def address_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every space-separated word of `text` that is an address."""
    spans = []
    for mark in ADDRESS_MARK_RE.finditer(text):
        end = text.find(" ", mark.end())
        spans.append((text.rfind(" ", 0, mark.start()) + 1, len(text) if end < 0 else end))
    return spans
