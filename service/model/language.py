"""Which script a text is written in, and which language a post declares.

The scorer uses these to keep a model from removing posts in languages or scripts it never
saw in training: there, its score is a weak signal and the post is held at most.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter

# (first code point, script) for the letter blocks that matter; gaps map to "Other".
_RANGES: tuple[tuple[int, str], ...] = (
    (0x0041, "Latin"),
    (0x005B, "Other"),
    (0x0061, "Latin"),
    (0x007B, "Other"),
    (0x00C0, "Latin"),
    (0x0250, "Latin"),
    (0x02B0, "Other"),
    (0x0370, "Greek"),
    (0x0400, "Cyrillic"),
    (0x0530, "Armenian"),
    (0x0590, "Hebrew"),
    (0x0600, "Arabic"),
    (0x0700, "Other"),
    (0x0900, "Devanagari"),
    (0x0980, "Bengali"),
    (0x0A00, "Other"),
    (0x0B80, "Tamil"),
    (0x0C00, "Other"),
    (0x0E00, "Thai"),
    (0x0E80, "Lao"),
    (0x0F00, "Other"),
    (0x1000, "Myanmar"),
    (0x10A0, "Georgian"),
    (0x1100, "Hangul"),
    (0x1200, "Other"),
    (0x1780, "Khmer"),
    (0x1800, "Other"),
    (0x1E00, "Latin"),
    (0x1F00, "Greek"),
    (0x2000, "Other"),
    (0x2E80, "Han"),
    (0x3000, "Other"),
    (0x3040, "Hiragana"),
    (0x30A0, "Katakana"),
    (0x3100, "Other"),
    (0x3400, "Han"),
    (0x4DC0, "Other"),
    (0x4E00, "Han"),
    (0xA000, "Other"),
    (0xAC00, "Hangul"),
    (0xD7B0, "Other"),
    (0xF900, "Han"),
    (0xFB00, "Other"),
    (0xFF21, "Latin"),
    (0xFF3B, "Other"),
    (0xFF41, "Latin"),
    (0xFF5B, "Other"),
    (0x20000, "Han"),
    (0x2FA20, "Other"),
)
_STARTS = [start for start, _ in _RANGES]
_SAMPLE_CHARS = 400

# Declared codes that our languages are also written as.
_LANGUAGE_ALIASES = {
    "ms": "id",
    "zsm": "id",
    "ind": "id",
    "zh-hans": "zh",
    "zh-hant": "zh",
    "cmn": "zh",
    "yue": "zh",
    "tl": "tl",
    "nb": "no",
    "nn": "no",
}


def script_of(char: str) -> str:
    return _RANGES[bisect_right(_STARTS, ord(char)) - 1][1] if ord(char) >= 0x41 else "Other"


def dominant_script(text: str) -> str | None:
    """The script of most letters in the first few hundred characters, or None without letters."""
    if text.isascii():
        return "Latin" if any(char.isalpha() for char in text[:_SAMPLE_CHARS]) else None
    counts = Counter(script_of(char) for char in text[:_SAMPLE_CHARS] if char.isalpha())
    counts.pop("Other", None)
    if not counts:
        return None
    return counts.most_common(1)[0][0]


def declared_language(lang: str | None) -> str | None:
    """The primary language subtag of a post's `lang` field, with our aliases folded in."""
    if not lang:
        return None
    code = lang.strip().lower().replace("_", "-")
    if code in _LANGUAGE_ALIASES:
        return _LANGUAGE_ALIASES[code]
    primary = code.split("-", 1)[0]
    return _LANGUAGE_ALIASES.get(primary, primary) or None
