"""Values the generator invents: amounts, phone numbers, dates, handles and fake URLs.

Phone numbers are random digits in a language's format and every URL uses the reserved `.example`
domain, so no real person or site is ever named.
"""

from __future__ import annotations

import math
import random

from training.corpus.schema import Lexicon

DEFAULT_PHONES = ("+## ### ### ####", "+## ## #### ####", "0### ### ####", "+###########")
DEFAULT_DATES = ("{d}/{m}/{y}", "{d}.{m}.{y}", "{y}-{m}-{d}")
MONTH_DATES = ("{d} {month}", "{month} {d}", "{d} {month} {y}")
_SYLLABLE_TEXT = (
    "ka mi lo ra zen ny jo lu vy tra bao an kim sol dar ben ria tu hai nam ola pe li ng sa ko ma ru"
)
SYLLABLES = tuple(_SYLLABLE_TEXT.split())
HANDLE_WORDS = ("shop", "store", "official", "hub", "mart", "deals", "collection", "gallery", "home", "daily")
SHOP_URLS = (
    "https://shop-{slug}.example/p/{n}",
    "www.{slug}-store.example",
    "https://{slug}.example/item/{n}",
    "https://lnk.example/{code}",
    "{slug}.example/shop",
    "https://m.market-{slug}.example/listing/{n}",
)
NEWS_URLS = (
    "https://news-{slug}.example/world/{n}",
    "https://www.{slug}-times.example/{y}/{n}",
    "https://{slug}.example/report-{n}",
    "https://lnk.example/{code}",
)


def amount_value(lex: Lexicon, rng: random.Random) -> int:
    """A price-like number: log-uniform over the language's range, usually rounded."""
    low, high = lex.amount_range
    raw = math.exp(rng.uniform(math.log(low), math.log(high)))
    digits = rng.choice((1, 2, 2, 2, 3))
    scale = int(10 ** max(0, int(math.log10(raw)) + 1 - digits))
    value = max(1, round(raw / scale) * scale)
    if value >= 100 and rng.random() < 0.15:
        value -= rng.choice((1, 5, 10))  # charm pricing: 499, 995
    return value


def amount_series(lex: Lexicon, rng: random.Random, count: int) -> list[int]:
    """Amounts for one post in ascending order; a second amount reads as a range ("600-800")."""
    if count == 0:
        return []
    out = [amount_value(lex, rng)]
    for _ in range(count - 1):
        nxt = out[-1] * rng.uniform(1.2, 2.0)
        scale = int(10 ** max(0, len(str(int(nxt))) - 2))
        out.append(max(out[-1] + 1, round(nxt / scale) * scale))
    return out


def format_amount(value: int, lex: Lexicon, rng: random.Random, *, kilo: bool = False) -> str:
    """Render an amount; `kilo` when the currency form already says 'k' after it."""
    if kilo:
        # "{amount}k": small values already read as thousands ("45k"), large ones are scaled ("2.5k").
        if value < 1000:
            return str(value)
        thousands = value / 1000
        return str(round(thousands)) if thousands >= 10 else f"{thousands:.1f}".removesuffix(".0")
    if value >= 1000 and rng.random() < 0.5:
        return f"{value:,}".replace(",", lex.thousands_sep)
    return str(value)


def _digits(fmt: str, rng: random.Random) -> str:
    out = []
    for i, ch in enumerate(fmt):
        if ch == "#":
            first = i > 0 and fmt[i - 1] == "+"
            out.append(str(rng.randint(1, 9) if first else rng.randint(0, 9)))
        else:
            out.append(ch)
    return "".join(out)


def phone(lex: Lexicon, rng: random.Random) -> str:
    return _digits(rng.choice(lex.phone_formats or DEFAULT_PHONES), rng)


def date(lex: Lexicon, rng: random.Random) -> str:
    formats = lex.date_formats or (MONTH_DATES if lex.months else DEFAULT_DATES)
    fmt = rng.choice(formats)
    day, month = rng.randint(1, 28), rng.randint(1, 12)
    pad = rng.random() < 0.5
    values = {
        "d": f"{day:02d}" if pad else str(day),
        "m": f"{month:02d}" if pad else str(month),
        "y": str(rng.randint(2016, 2026)),
        "month": lex.months[month - 1] if lex.months else str(month),
    }
    for key, value in values.items():
        fmt = fmt.replace("{" + key + "}", value)
    return fmt


def year(rng: random.Random) -> str:
    return str(rng.randint(2014, 2026))


def number(rng: random.Random) -> str:
    """Counts in news (kg, animals, listings): mostly small, sometimes large."""
    return str(round(math.exp(rng.uniform(math.log(2), math.log(5000)))))


def slug(rng: random.Random) -> str:
    parts = [rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))]
    if rng.random() < 0.4:
        parts.append(rng.choice(HANDLE_WORDS))
    return rng.choice(("", "-", "_")).join(parts)


def handle(rng: random.Random) -> str:
    name = slug(rng).replace("-", "_")
    if rng.random() < 0.5:
        name += str(rng.randint(1, 999))
    return "@" + name


def url(rng: random.Random, *, news: bool = False) -> str:
    fmt = rng.choice(NEWS_URLS if news else SHOP_URLS)
    code = "".join(rng.choice("abcdefghijkmnpqrstuvwxyzABCDEFGH23456789") for _ in range(6))
    return (
        fmt.replace("{slug}", slug(rng).replace("_", "-"))
        .replace("{n}", str(rng.randint(100, 99999)))
        .replace("{y}", year(rng))
        .replace("{code}", code)
    )
