"""`python -m training.corpus check`: validate every lexicon and compare it with SCHEMA.md's minimums."""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from training.corpus.lexicon import LexiconError, lexicon_files, load_lexicon
from training.corpus.schema import BENIGN_SLOTS, CATEGORIES, LANGUAGES, TRADE_SLOTS, Lexicon

# The "How much" section of lexicon/SCHEMA.md.
MIN_VIOLATING_TEMPLATES = 30
MIN_AUCTION_TEMPLATES = 3
MIN_HASHTAG_TEMPLATES = 3
MIN_BENIGN_TEMPLATES = 40
MIN_ITEM_FAMILIES = 2
MIN_TRADE_FAMILIES = 4
MIN_BENIGN_FAMILIES = 6


def shortfalls(lex: Lexicon) -> tuple[list[str], list[str]]:
    """(counts line items, shortfalls) of one lexicon against the minimums."""
    violating = [t for t in lex.templates if t.label == 1]
    benign = [t for t in lex.templates if t.label == 0]
    auction = sum(t.register == "auction_listing" for t in violating)
    hashtag = sum(t.register == "hashtag_only" for t in violating)
    counts = [
        f"violating templates {len(violating)}/{MIN_VIOLATING_TEMPLATES}",
        f"auction {auction}/{MIN_AUCTION_TEMPLATES}",
        f"hashtag {hashtag}/{MIN_HASHTAG_TEMPLATES}",
        f"benign templates {len(benign)}/{MIN_BENIGN_TEMPLATES}",
        f"item families {sum(len(v) for v in lex.items.values())}"
        f" over {len(lex.items)}/{len(CATEGORIES)} categories",
        f"code-word families {sum(len(v) for v in lex.code_words.values())}",
    ]
    low: list[str] = []
    for what, have, need in (
        ("violating templates", len(violating), MIN_VIOLATING_TEMPLATES),
        ("auction templates", auction, MIN_AUCTION_TEMPLATES),
        ("hashtag templates", hashtag, MIN_HASHTAG_TEMPLATES),
        ("benign templates", len(benign), MIN_BENIGN_TEMPLATES),
    ):
        if have < need:
            low.append(f"{what}: {have} < {need}")
    for table, names, need in (
        ("items", CATEGORIES, MIN_ITEM_FAMILIES),
        ("trade", TRADE_SLOTS, MIN_TRADE_FAMILIES),
        ("benign", BENIGN_SLOTS, MIN_BENIGN_FAMILIES),
    ):
        groups = {"items": lex.items, "trade": lex.trade, "benign": lex.benign}[table]
        for name in names:
            have = len(groups.get(name, ()))
            if have < need:
                low.append(f"{table}.{name}: {have} families < {need}")
    registers = {t.register for t in benign}
    missing = [
        r for r in ("news", "ngo", "press_release", "lookalike_sale", "ordinary_sale") if r not in registers
    ]
    if missing:
        low.append(f"benign registers without templates: {missing}")
    return counts, low


def duplicate_forms(lex: Lexicon) -> list[str]:
    """Forms listed in two families: a held-out family's form would then also appear in training."""
    owners: dict[str, list[str]] = {}
    for table in (lex.items, lex.code_words, lex.trade, lex.benign):
        for families in table.values():
            for family in families:
                for form in family.forms:
                    owners.setdefault(form.casefold(), []).append(family.id)
    return [
        f"form {form!r} is in {sorted(set(ids))}" for form, ids in sorted(owners.items()) if len(set(ids)) > 1
    ]


def run_check(lexicon_dir: Path | None, out: TextIO) -> int:
    """Print one block per language; return 1 if any file has schema errors."""
    files = lexicon_files(lexicon_dir)
    errors = 0
    for lang in sorted(set(LANGUAGES) | set(files), key=lambda code: (code not in LANGUAGES, code)):
        if lang not in files:
            print(f"{lang}: MISSING (no {lang}.yaml)", file=out)
            continue
        try:
            lex = load_lexicon(files[lang])
        except LexiconError as exc:
            errors += 1
            print(f"{lang}: ERROR {exc}", file=out)
            continue
        counts, low = shortfalls(lex)
        print(f"{lang}: {'OK' if not low else 'BELOW MINIMUMS'} | " + " | ".join(counts), file=out)
        for line in low:
            print(f"    low: {line}", file=out)
        for warning in (*lex.warnings, *duplicate_forms(lex)):
            print(f"    warning: {warning}", file=out)
    return 1 if errors else 0
