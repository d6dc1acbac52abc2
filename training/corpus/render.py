"""Rendering templates into segments that remember which slot each piece of text came from.

Keeping the provenance lets later stages evade only the item words, move the price or contact into
the video overlay, or replace a sales phrase with one in another language.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field

from training.corpus import values
from training.corpus.pools import Pools
from training.corpus.schema import (
    BENIGN_SLOTS,
    ITEM_SLOTS,
    LIVE_CATEGORIES,
    PART_CATEGORIES,
    PLACEHOLDER_RE,
    TRADE_SLOTS,
)

MAX_DEPTH = 4


@dataclass
class Segment:
    """A piece of rendered text; `slot` is the template placeholder it belongs to (None = literal),
    `inner` the innermost placeholder (`item` inside `solicit`, `amount` inside `price`)."""

    text: str
    slot: str | None = None
    inner: str | None = None
    tag: bool = False
    original: str = ""
    category: str | None = None  # for item text: the category it was drawn from

    def __post_init__(self) -> None:
        self.original = self.original or self.text


@dataclass
class Renderer:
    """Draws families for one example from one split's pools and renders template text."""

    pools: Pools
    rng: random.Random
    category: str | None = None
    code_words: bool = False
    item_override: str | None = None
    drop: frozenset[str] = frozenset()
    families: list[str] = field(default_factory=list)
    used_code: bool = False
    _amounts: list[tuple[Segment, bool]] = field(default_factory=list)

    def render(self, text: str) -> list[Segment]:
        segments: list[Segment] = []
        self._expand(text, None, 0, segments)
        self._fill_amounts()
        return segments

    def pick(self, key: str) -> str:
        """One form of one family of a slot key, recording the family."""
        fam = self.rng.choice(self.pools.families(key))
        self.families.append(fam.id)
        return self.rng.choice(fam.forms)

    def _item_key(self, name: str) -> str:
        if self.item_override:
            return self.item_override
        category = self.category
        if category is None:
            pool = (
                LIVE_CATEGORIES if name == "live_item" else PART_CATEGORIES if name == "part_item" else None
            )
            cats = [c for c in self.pools.categories() if pool is None or c in pool]
            if self.code_words:
                cats = [c for c in cats if self.pools.families(f"code_words.{c}")] or cats
            category = self.rng.choice(cats)
        if self.code_words and self.pools.families(f"code_words.{category}"):
            self.used_code = True
            return f"code_words.{category}"
        return f"items.{category}"

    def _family_key(self, name: str) -> str | None:
        if name in ITEM_SLOTS:
            return self._item_key(name)
        if name in TRADE_SLOTS:
            return f"trade.{name}"
        if name in BENIGN_SLOTS:
            return f"benign.{name}"
        return None

    def _generated(self, name: str) -> str:
        lex, rng = self.pools.lex, self.rng
        simple = {"messenger": lex.messengers, "organisation": lex.organisations, "place": lex.places}
        if name in simple:
            return rng.choice(simple[name])
        if name == "phone":
            return values.phone(lex, rng)
        if name == "date":
            return values.date(lex, rng)
        if name == "year":
            return values.year(rng)
        return values.number(rng)

    def _expand(self, text: str, top: str | None, depth: int, out: list[Segment]) -> None:
        pos = 0
        for match in PLACEHOLDER_RE.finditer(text):
            literal = text[pos : match.start()]
            if literal:
                out.append(Segment(literal, top, top))
            pos = match.end()
            name = match.group(1)
            slot = top or name
            tag = depth == 0 and literal.endswith("#")
            start = len(out)
            if depth == 0 and name in self.drop:
                continue
            if name == "amount":
                seg = Segment("", slot, "amount")
                self._amounts.append((seg, text[pos : pos + 1] in ("k", "K")))
                out.append(seg)
            elif name == "price" and depth > 0:
                # Inside a price form, {price} is the currency-formatted amount.
                self._expand(self.rng.choice(self.pools.lex.currency), slot, depth + 1, out)
            elif (key := self._family_key(name)) and depth < MAX_DEPTH:
                form = self.pick(key)
                inner: list[Segment] = []
                self._expand(form, slot, depth + 1, inner)
                category = (
                    key.split(".", 1)[1]
                    if name in ITEM_SLOTS and key.startswith(("items.", "code_"))
                    else None
                )
                for seg in inner:
                    if seg.inner == slot or seg.inner is None:
                        seg.inner = name
                        seg.category = seg.category or category
                out.extend(inner)
            else:
                out.append(Segment(self._generated(name), slot, name))
            if tag:
                self._fill_amounts()
                joined = "".join(s.text for s in out[start:])
                out[start:] = [Segment(hashtagify(joined), slot, name, tag=True)]
        if text[pos:]:
            out.append(Segment(text[pos:], top, top))

    def _fill_amounts(self) -> None:
        # Several amounts in one post (estimates "600-800") read naturally in ascending order.
        drawn = values.amount_series(self.pools.lex, self.rng, len(self._amounts))
        for (seg, kilo), value in zip(self._amounts, drawn, strict=True):
            seg.text = seg.original = values.format_amount(value, self.pools.lex, self.rng, kilo=kilo)
        self._amounts.clear()


def hashtagify(phrase: str) -> str:
    """`"Raw Ivory 1kg!"` -> `"rawivory1kg"`: how forms turn into tags."""
    kept = (
        ch for ch in phrase.lower() if ch.isalnum() or ch == "_" or unicodedata.category(ch) in ("Mn", "Mc")
    )
    return "".join(kept)


def join(segments: list[Segment], *, original: bool = False) -> str:
    return "".join(s.original if original else s.text for s in segments)


_SEP = ",;:，；：、"
_SEP_BEFORE_END = re.compile(rf"[{_SEP}]\s*(?=[.。!?！？])")
_SEP_RUN = re.compile(rf"([{_SEP}])(?:\s*[{_SEP}])+")
_END_THEN_SEP = re.compile(rf"([.。])(?:\s+[{_SEP}.。])+")


def cleanup(text: str) -> str:
    """Repair the punctuation left behind when slots are dropped or moved to another field."""
    text = _SEP_RUN.sub(r"\1", _SEP_BEFORE_END.sub("", text))
    text = _END_THEN_SEP.sub(r"\1", text)
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"[ \t]{2,}", " ", text)
    text = re.sub(r" ([,.])(?=\s|$)", r"\1", text)
    lines = []
    for raw in text.split("\n"):
        line = re.sub(rf"[\s{_SEP}]+$", "", re.sub(rf"^[\s{_SEP}.。]+", "", raw)).strip()
        if line and line not in ("-", "•", "*", "·", "✅", "✔", "🔸", "#"):
            lines.append(line)
    return "\n".join(lines)
