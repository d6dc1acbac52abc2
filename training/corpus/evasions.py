"""Evasion tactics from POLICY.md, one small function each.

Character-level tactics (`EVASIONS`) take an item phrase and return it disguised: `(text, rng) -> str`.
They return the text unchanged when the tactic cannot apply (no Latin letters to l33t, no matching
animal word for an emoji), so callers can detect that and try another.
Post-level tactics take extra arguments, documented on each function.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence

from training.corpus.glyphs import ACCENTS, EMOJI_WORDS, HOMOGLYPHS, LEET, ZERO_WIDTH
from training.corpus.render import hashtagify

Evasion = Callable[[str, random.Random], str]

# A run of word characters; CJK and Thai phrases count as one word (they have no spaces).
WORD = re.compile(r"[^\W\d_](?:[^\W_]|[\u0300-\u036f\u0e31-\u0e4e])*")


def _graphemes(word: str) -> list[str]:
    """Characters with their combining marks attached (Thai tone marks, decomposed accents)."""
    out: list[str] = []
    for ch in word:
        if out and unicodedata.category(ch) in ("Mn", "Mc"):
            out[-1] += ch
        else:
            out.append(ch)
    return out


def _letters(word: str) -> int:
    return sum(ch.isalpha() for ch in word)


def _pick_words(text: str, rng: random.Random) -> list[re.Match[str]]:
    """The words to disguise: one or two of the longer ones."""
    words = [m for m in WORD.finditer(text) if _letters(m.group()) >= 3 or not m.group().isascii()]
    if not words:
        return []
    k = 2 if len(words) > 1 and rng.random() < 0.3 else 1
    weights = [len(m.group()) ** 2 for m in words]
    chosen: list[re.Match[str]] = []
    while len(chosen) < k:
        m = rng.choices(words, weights)[0]
        if m not in chosen:
            chosen.append(m)
    return sorted(chosen, key=lambda m: m.start())


def _on_words(text: str, rng: random.Random, change: Callable[[str, random.Random], str]) -> str:
    out: list[str] = []
    pos = 0
    for m in _pick_words(text, rng):
        out.extend((text[pos : m.start()], change(m.group(), rng)))
        pos = m.end()
    out.append(text[pos:])
    return "".join(out)


def leetspeak(text: str, rng: random.Random) -> str:
    """1v0ry, p@ngolin."""

    def change(word: str, rng: random.Random) -> str:
        spots = [i for i, ch in enumerate(word) if ch.lower() in LEET]
        if not spots:
            return word
        keep = set(rng.sample(spots, max(1, round(len(spots) * rng.uniform(0.4, 1.0)))))
        return "".join(rng.choice(LEET[ch.lower()]) if i in keep else ch for i, ch in enumerate(word))

    return _on_words(text, rng, change)


def spaced_letters(text: str, rng: random.Random) -> str:
    """i v o r y."""
    return _on_words(text, rng, lambda word, _: " ".join(_graphemes(word)))


def dotted_letters(text: str, rng: random.Random) -> str:
    """I.V.O.R.Y, i-v-o-r-y, i_v_o_r_y."""
    sep = rng.choice(".....--_·")
    upper = rng.random() < 0.4

    def change(word: str, _: random.Random) -> str:
        return sep.join(_graphemes(word.upper() if upper else word))

    return _on_words(text, rng, change)


def masking(text: str, rng: random.Random) -> str:
    """t**th, iv*ry: one or two inner letters replaced by * or #."""

    def change(word: str, rng: random.Random) -> str:
        chars = _graphemes(word)
        inner = [i for i in range(1, len(chars) - 1) if chars[i][0].isalpha()]
        if not inner:
            return word
        hidden = set(rng.sample(inner, min(len(inner), rng.choice((1, 1, 2)))))
        mask = "*" if rng.random() < 0.8 else "#"
        return "".join(mask if i in hidden else ch for i, ch in enumerate(chars))

    return _on_words(text, rng, change)


def _swap_some(word: str, table: Mapping[str, Sequence[str]], most: int, rng: random.Random) -> str:
    """1 to `most` of the word's characters that `table` knows, each replaced by one of its choices."""
    spots = [i for i, ch in enumerate(word) if ch in table]
    if not spots:
        return word
    swap = set(rng.sample(spots, min(len(spots), rng.randint(1, most))))
    return "".join(rng.choice(table[ch]) if i in swap else ch for i, ch in enumerate(word))


def homoglyphs(text: str, rng: random.Random) -> str:
    """Cyrillic/Greek lookalikes inside Latin words (іvоry)."""
    return _on_words(text, rng, lambda word, rng: _swap_some(word, HOMOGLYPHS, 3, rng))


def zero_width(text: str, rng: random.Random) -> str:
    """Invisible characters (U+200B, U+200C, U+200D, U+2060, U+FEFF) inside words."""

    def change(word: str, rng: random.Random) -> str:
        chars = _graphemes(word)
        if len(chars) < 2:
            return word
        cuts = set(rng.sample(range(1, len(chars)), min(len(chars) - 1, rng.randint(1, 3))))
        return "".join((rng.choice(ZERO_WIDTH) if i in cuts else "") + ch for i, ch in enumerate(chars))

    return _on_words(text, rng, change)


def _strip_marks(word: str) -> str:
    decomposed = unicodedata.normalize("NFD", word.replace("đ", "d").replace("Đ", "D").replace("ł", "l"))
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn"))


def diacritics(text: str, rng: random.Random) -> str:
    """Strip accents where the language has them (ngà voi -> nga voi), add them where it has none (ívöry)."""
    latin_marked = [
        ch for ch in text if ch.isalpha() and ch.isascii() is False and _strip_marks(ch).isascii()
    ]
    if latin_marked:
        return (
            _on_words(text, rng, lambda word, _: _strip_marks(word))
            if rng.random() < 0.3
            else _strip_marks(text)
        )

    return _on_words(text, rng, lambda word, rng: _swap_some(word, ACCENTS, 2, rng))


def emoji_words(text: str, rng: random.Random) -> str:
    """🐘 for elephant/ivory, 🦏 rhino, 🐅 tiger, 🦜 parrot, 🐢 turtle, 🦷 tusk/tooth (11 languages)."""
    lowered = text.lower()
    for word, choices in EMOJI_WORDS:
        at = lowered.find(word)
        latin = all(ord(ch) < 0x250 or ch == " " for ch in word)
        if at < 0 or (latin and at > 0 and lowered[at - 1].isalpha()):
            continue
        end = at + len(word)
        # Swallow a short inflection ("tigers" -> 🐅); a long tail is a compound, kept only for long keys.
        tail = re.match(r"[^\W\d_]{0,3}(?![^\W\d_])", text[end:]) if latin else None
        if latin and tail is None and len(word) < 5:
            continue
        end += len(tail.group()) if tail else 0
        text = text[:at] + rng.choice(choices) + text[end:]
        lowered = text.lower()
    return text


EVASIONS: dict[str, Evasion] = {
    "leetspeak": leetspeak,
    "spaced_letters": spaced_letters,
    "dotted_letters": dotted_letters,
    "masking": masking,
    "homoglyphs": homoglyphs,
    "zero_width": zero_width,
    "diacritics": diacritics,
    "emoji_words": emoji_words,
}
# What still works inside a hashtag (spaces, dots and masks would break the tag).
TAG_SAFE = ("leetspeak", "homoglyphs", "zero_width", "diacritics")


def code_words(text: str, rng: random.Random, item: str, codes: Sequence[str]) -> str:
    """Replace the item phrase `item` in `text` with one of the code words `codes`."""
    return text.replace(item, rng.choice(codes)) if item in text and codes else text


def hashtag_only(text: str, rng: random.Random) -> str:
    """Turn phrases (one per line or between punctuation) into a line of hashtags."""
    chunks = [c.strip() for c in re.split(r"[\n,.;:!?|]+", text) if c.strip()]
    tags = [hashtagify(c) for c in chunks if len(c.split()) <= 4]
    tags = [t for t in tags if t]
    rng.shuffle(tags)
    return " ".join("#" + t for t in dict.fromkeys(tags))


def mixed_language(text: str, rng: random.Random, foreign: str) -> str:
    """Add a phrase `foreign` from another language before, after or inside the post."""
    where = rng.random()
    if where < 0.6:
        return text + rng.choice((" ", ". ", " - ", "\n")) + foreign
    if where < 0.8 or ", " not in text:
        return f"{foreign} {text}"
    head, tail = text.split(", ", 1)
    return f"{head} ({foreign}), {tail}"


def auction_phrasing(text: str, rng: random.Random) -> str:
    """Frame an item phrase as an antique lot ("Lot 214: 19th c. carved ..., estimate 600-800")."""
    low = rng.choice((200, 300, 400, 500, 600, 800, 1200, 1500, 2000, 3000))
    high = low + rng.choice((100, 200, 300, 500, 1000))
    frame = rng.choice(
        (
            "Lot {n}: {c} carved {t}, estimate £{a}-{b}",
            "LOT {n} | {t} | {c} | est. ${a}-{b}",
            "Lot {n} - antique {t}, {c}, estimate €{a}-{b}",
        )
    )
    century = rng.choice(
        ("19th c.", "18th century", "circa 1900", "Meiji period", "Qing dynasty", "Edwardian")
    )
    return (
        frame.replace("{n}", str(rng.randint(1, 600)))
        .replace("{c}", century)
        .replace("{t}", text)
        .replace("{a}", str(low))
        .replace("{b}", str(high))
    )
