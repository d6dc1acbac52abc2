"""Surface noise real posts carry: typos, casing, emoji, punctuation, line breaks, mentions, links.

Noise depends on the register's style (a press release has no typos, a seller's caption many), never
on the label, so the classifier cannot learn "messy = violating".
"""

from __future__ import annotations

import random
import re

from training.corpus import values

GENERIC_EMOJI = (
    "🔥",
    "💯",
    "✅",
    "📦",
    "💰",
    "🙏",
    "😍",
    "👉",
    "✨",
    "💥",
    "‼️",
    "⚡",
    "🤝",
    "📲",
    "👇",
    "⭐",
)
ANIMAL_EMOJI = ("🐘", "🦏", "🐅", "🦜", "🐢")
BULLETS = ("- ", "• ", "✅ ", "✔ ", "🔸 ", "* ", "👉 ", "▪️ ")
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=\S)")
OCR_CONFUSIONS = (("o", "0"), ("O", "0"), ("l", "1"), ("I", "1"), ("rn", "m"), ("S", "5"), ("B", "8"))


def typos(text: str, rng: random.Random, count: int) -> str:
    """Swap, drop or double letters inside longer alphabetic words."""
    words = [m for m in re.finditer(r"[^\W\d_]{4,}", text) if m.group().isascii() or m.group()[0] < "\u0250"]
    # Right to left, so earlier match positions stay valid after each edit.
    for m in sorted(rng.sample(words, min(count, len(words))), key=lambda m: -m.start()):
        word = m.group()
        i = rng.randrange(1, len(word) - 1)
        op = rng.random()
        if op < 0.4:
            new = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
        elif op < 0.7:
            new = word[:i] + word[i + 1 :]
        else:
            new = word[:i] + word[i] + word[i:]
        text = text[: m.start()] + new + text[m.end() :]
    return text


def recase(text: str, rng: random.Random) -> str:
    """all lower, ALL CAPS, or a shouted first line."""
    mode = rng.random()
    if mode < 0.6:
        return text.lower()
    if mode < 0.85:
        return text.upper()
    first, _, rest = text.partition("\n")
    head, sep, tail = first.partition(". ")
    return head.upper() + sep + tail + ("\n" + rest if rest else "")


def sprinkle_emoji(text: str, rng: random.Random, animals: tuple[str, ...]) -> str:
    pool = GENERIC_EMOJI + animals * 3

    def run() -> str:
        emoji = rng.choice(pool)
        return emoji * rng.choice((1, 1, 1, 2, 3)) if rng.random() < 0.5 else emoji + rng.choice(pool)

    where = rng.random()
    if where < 0.45 or not text:
        return f"{text} {run()}".strip()
    if where < 0.7:
        return f"{run()} {text}"
    parts = SENTENCE_END.split(text)
    return " ".join(p + (" " + run() if rng.random() < 0.6 else "") for p in parts)


def repeat_punctuation(text: str, rng: random.Random) -> str:
    if rng.random() < 0.5 and text and text[-1] not in "!?":
        return text + rng.choice(("!!", "!!!", "!!!!", "?!", "..."))
    return re.sub(r"([!?])", lambda m: m.group(1) * rng.randint(2, 4), text, count=2)


def line_breaks(text: str, rng: random.Random, *, casual: bool = True) -> str:
    """Sentences onto their own lines, sometimes as a bullet list (sellers also break at commas)."""
    parts = SENTENCE_END.split(text)
    if len(parts) < 2 and casual:
        parts = [p.strip() for p in text.split(", ")]
    if len(parts) < 2:
        return text
    if rng.random() < 0.5:
        bullet = rng.choice(BULLETS)
        return parts[0] + "\n" + "\n".join(bullet + p for p in parts[1:])
    return rng.choice(("\n", "\n\n")).join(parts)


def decorate(text: str, rng: random.Random, *, news: bool) -> str:
    """Add an @mention or a link (fake `.example` domains)."""
    extra = values.url(rng, news=news) if rng.random() < 0.6 else values.handle(rng)
    if rng.random() < 0.7:
        return (text + rng.choice((" ", "\n", " 👉 ", " | ")) + extra).strip()
    return f"{extra} {text}".strip()


def ocr_noise(text: str, rng: random.Random) -> str:
    """Letter confusions of text recognition on video frames."""
    for wrong, right in rng.sample(OCR_CONFUSIONS, 2):
        if wrong in text and rng.random() < 0.5:
            text = text.replace(wrong, right, 1)
    return text


def speechify(text: str) -> str:
    """How speech-to-text renders a caption: lower case, no emoji, links, tags or punctuation."""
    text = re.sub(r"https?://\S+|www\.\S+|\S+\.example\S*|[@#]\S+", " ", text)
    text = "".join(ch if ch.isalnum() or ch.isspace() or ch in "'-" else " " for ch in text)
    return re.sub(r"\s+", " ", text).strip().lower()
