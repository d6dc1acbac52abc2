"""What one split of one language may draw from: its vocabulary families and its templates."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from training.corpus.schema import LIVE_CATEGORIES, PART_CATEGORIES, SPLITS, Family, Lexicon, Template

# Trade slots that only contraband carries; their forms in a frame's fixed text mark it as contraband.
TRAFFICKING_ONLY = frozenset(("discreet", "no_papers", "quality"))
_PLACEHOLDER = re.compile(r"\{[^}]*\}")


@dataclass(frozen=True)
class Pools:
    """Families per slot key (`items.ivory`, `trade.offer`, `benign.lookalike`) and templates per
    (label, register), restricted to one split."""

    lex: Lexicon
    split: str
    vocab: Mapping[str, tuple[Family, ...]]
    templates: Mapping[tuple[int, str], tuple[Template, ...]]

    def families(self, key: str) -> tuple[Family, ...]:
        return self.vocab.get(key, ())

    @cached_property
    def cue_free_templates(self) -> frozenset[str]:
        """Ids of templates whose literal text (outside the slots) carries no trafficking-only cue
        ("discreet", "no papers", "100% wild"): only these frames may carry a lawful good, or a
        benign post would teach the model that such cues mean nothing."""
        cues = {
            _PLACEHOLDER.sub(" ", form).casefold().strip(" #")
            for slot in sorted(TRAFFICKING_ONLY)
            for family in self.lex.trade.get(slot, ())
            for form in family.forms
        }
        cues = {cue for cue in cues if len(cue) >= 3}
        return frozenset(
            t.id
            for t in self.lex.templates
            if not any(cue in _PLACEHOLDER.sub(" ", t.text).casefold() for cue in cues)
        )

    def categories(self) -> tuple[str, ...]:
        return tuple(c for c in (*PART_CATEGORIES, *LIVE_CATEGORIES) if self.families(f"items.{c}"))


def build_pools(lex: Lexicon, assignment: Mapping[str, str]) -> dict[str, Pools]:
    """Pools for every split; a vocabulary slot without families of a split falls back to train."""
    tables = {"items": lex.items, "code_words": lex.code_words, "trade": lex.trade, "benign": lex.benign}
    out: dict[str, Pools] = {}
    for split in SPLITS:
        vocab: dict[str, tuple[Family, ...]] = {}
        for prefix, table in tables.items():
            for name, fams in sorted(table.items()):
                own = tuple(f for f in fams if assignment[f.id] == split)
                vocab[f"{prefix}.{name}"] = own or tuple(f for f in fams if assignment[f.id] == "train")
        templates: dict[tuple[int, str], tuple[Template, ...]] = {}
        for tpl in lex.templates:
            if assignment[tpl.id] == split:
                key = (tpl.label, tpl.register)
                templates[key] = (*templates.get(key, ()), tpl)
        out[split] = Pools(lex, split, vocab, templates)
    return out


def item_kind(template: Template) -> str | None:
    """Which categories a template's item slot accepts: 'live', 'part', 'any', or None."""
    slots = template.slots
    if "live_item" in slots and "part_item" in slots:
        return None
    if "live_item" in slots:
        return "live"
    if "part_item" in slots:
        return "part"
    if "item" in slots or "solicit" in slots:
        return "any"
    return None


def fits(template: Template, category: str) -> bool:
    """Whether a violating template can carry an item of `category`."""
    kind = item_kind(template)
    if kind == "any":
        return True
    if kind == "live":
        return category in LIVE_CATEGORIES
    return kind == "part" and category in PART_CATEGORIES
