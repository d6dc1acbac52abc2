"""Vocabulary of the corpus: categories, registers, slots, tactics and the lexicon dataclasses.

The ids mirror `lexicon/SCHEMA.md`; the lexicon authors and the evaluation code rely on them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Bump whenever rendering changes, so a corpus hash never collides across generator versions.
GENERATOR_VERSION = "1.0.0"

LANGUAGES = ("en", "zh", "vi", "th", "id", "es", "pt", "fr", "de", "pl", "sv")
SPLITS = ("train", "val", "test")

PART_CATEGORIES = (
    "ivory",
    "rhino_horn",
    "pangolin_scales",
    "big_cat_parts",
    "bear_bile",
    "hornbill_casque",
    "turtle_shell",
    "shahtoosh",
    "totoaba_maw",
    "shark_fin",
    "wildlife_medicine",
)
LIVE_CATEGORIES = (
    "live_primate",
    "live_slow_loris",
    "live_big_cat",
    "live_parrot",
    "live_tortoise",
    "live_pangolin",
    "live_reptile",
)
CATEGORIES = PART_CATEGORIES + LIVE_CATEGORIES

VIOLATING_REGISTERS = (
    "classified_ad",
    "social_caption",
    "hashtag_only",
    "auction_listing",
    "comment",
    "solicitation",
    "chat",
    "live_animal_ad",
)
BENIGN_REGISTERS = (
    "news",
    "ngo",
    "press_release",
    "education",
    "zoo_safari",
    "lookalike_sale",
    "lawful_animal_sale",
    "lawful_product_sale",
    "ordinary_sale",
    "comment",
    "art",
    "everyday",
)

TRADE_SLOTS = (
    "offer",
    "price",
    "contact",
    "shipping",
    "discreet",
    "no_papers",
    "wholesale",
    "serious",
    "quality",
    "solicit",
)
BENIGN_SLOTS = ("lookalike", "lawful_animal", "lawful_product", "ordinary_goods", "wildlife_topic")
ITEM_SLOTS = ("item", "live_item", "part_item")
# Values the generator invents itself (never drawn from a family).
GENERATED_SLOTS = ("messenger", "phone", "amount", "organisation", "place", "number", "date", "year")
TEMPLATE_SLOTS = frozenset(ITEM_SLOTS + TRADE_SLOTS + BENIGN_SLOTS + GENERATED_SLOTS)

CHAR_TACTICS = (
    "leetspeak",
    "spaced_letters",
    "dotted_letters",
    "masking",
    "homoglyphs",
    "zero_width",
    "diacritics",
    "emoji_words",
)
TACTICS = ("code_words", *CHAR_TACTICS, "hashtag_only", "mixed_language", "auction_phrasing")

PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_]+)\}")


def placeholders(text: str) -> list[str]:
    """Placeholder names in order of appearance (`"{item} {offer}"` -> `["item", "offer"]`)."""
    return PLACEHOLDER_RE.findall(text)


@dataclass(frozen=True)
class Family:
    """Interchangeable surface forms of one idea; the unit that is held out for testing."""

    id: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Template:
    """A post skeleton with `{slot}` placeholders."""

    id: str
    register: str
    text: str
    label: int
    # Optional `tactics:` key: evasions the template carries by itself (e.g. a benign auction frame).
    tactics: tuple[str, ...] = ()

    @property
    def slots(self) -> frozenset[str]:
        return frozenset(placeholders(self.text))


@dataclass(frozen=True)
class Lexicon:
    """One validated `<lang>.yaml` file."""

    lang: str
    name: str
    path: Path
    scripts: tuple[str, ...]
    currency: tuple[str, ...]
    messengers: tuple[str, ...]
    places: tuple[str, ...]
    organisations: tuple[str, ...]
    items: Mapping[str, tuple[Family, ...]]
    code_words: Mapping[str, tuple[Family, ...]]
    trade: Mapping[str, tuple[Family, ...]]
    benign: Mapping[str, tuple[Family, ...]]
    templates: tuple[Template, ...]
    # Optional keys (not in SCHEMA.md's required set); generator defaults apply when absent.
    hashtags: tuple[str, ...] = ()
    conservation_hashtags: tuple[str, ...] = ()
    phone_formats: tuple[str, ...] = ()
    months: tuple[str, ...] = ()
    date_formats: tuple[str, ...] = ()
    fillers: tuple[str, ...] = ()
    amount_range: tuple[int, int] = (10, 20000)
    thousands_sep: str = ","
    warnings: tuple[str, ...] = field(default=(), compare=False)
