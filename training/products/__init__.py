"""The product lexicon (`<lang>.yaml`, format in `SCHEMA.md`), compiled into the model's terms."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from service.model.products import TIERS, Term, compile_terms
from service.textnorm.normalizer import normalize
from training import yamlfiles

LEXICON_DIR = Path(__file__).parent
LANGUAGES = ("en", "zh", "vi", "th", "id", "es", "pt", "fr", "de", "pl", "sv")
CATEGORIES = frozenset(
    (
        "ivory", "rhino_horn", "pangolin", "big_cat_parts", "bear_bile", "hornbill_casque", "turtle_shell",
        "shahtoosh", "totoaba_maw", "shark_fin", "wildlife_medicine", "live_primate", "live_slow_loris",
        "live_big_cat", "live_parrot", "live_tortoise", "live_reptile",
    )
)  # fmt: skip


class ProductLexiconError(ValueError):
    """A lexicon file breaks SCHEMA.md; the message names the file and the entry."""


def _entries(
    path: Path, data: dict[str, Any]
) -> tuple[list[tuple[str, str, str, str]], list[tuple[str, str, str, str]]]:
    lang = data.get("lang")
    if lang != path.stem:
        raise ProductLexiconError(f"{path}: lang is {lang!r}, expected {path.stem!r}")
    folded: list[tuple[str, str, str, str]] = []
    accented: list[tuple[str, str, str, str]] = []
    for tier in (*TIERS, "accented"):
        section = data.get(tier) or ({} if tier != "not_product" else [])
        if tier == "not_product":
            if not isinstance(section, list):
                raise ProductLexiconError(f"{path}: not_product must be a list of phrases")
            folded += [(str(term), "none", "not_product", lang) for term in section]
            continue
        if not isinstance(section, dict):
            raise ProductLexiconError(f"{path}: {tier} must map categories to lists of terms")
        for category, terms in section.items():
            if category not in CATEGORIES:
                raise ProductLexiconError(f"{path}: {tier}.{category} is not a category of SCHEMA.md")
            for term in terms or ():
                if not isinstance(term, str) or not term.strip("* "):
                    raise ProductLexiconError(
                        f"{path}: {tier}.{category} has an empty or non-text term {term!r}"
                    )
                if tier == "accented":
                    accented.append((term, category, "names" if " " in term.strip() else "animals", lang))
                else:
                    folded.append((term, category, tier, lang))
    return folded, accented


def load_terms(directory: Path = LEXICON_DIR, languages: tuple[str, ...] = LANGUAGES) -> list[Term]:
    """Every language's terms, compiled as the model matches them."""
    folded: list[tuple[str, str, str, str]] = []
    accented: list[tuple[str, str, str, str]] = []
    for lang in languages:
        path = directory / f"{lang}.yaml"
        if not path.is_file():
            raise ProductLexiconError(f"no product lexicon for {lang} at {path}")
        data = yamlfiles.safe_load(path.read_text(encoding="utf-8"))
        f, a = _entries(path, data)
        folded += f
        accented += a
    return compile_terms(folded, fold=normalize) + compile_terms(accented, accented=True)
