"""Realistic violating posts made from real ones: a protected product put into a real lawful listing.

- a real auction lot of silver, bronze or porcelain becomes the same lot in ivory or rhinoceros horn;
- a real marketplace listing (in its own language) gets a protected item as its title;
- real museum records and real listing titles are presented the way dealers and auction houses
  present items (a record with its description, as dealers post them, or its title alone), or
  sought the way buyers ask for them (`frames/frames.yaml`: wanted ads, "is it still available?"),
  with and without a protected product.
The lawful original stays in the data as the hard negative. Each made post inherits the split of
the record it came from, and protected items come from the corpus lexicon families of that split,
so nothing made from a held-out record or word is ever trained on.
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from training import yamlfiles
from training.corpus import load_lexicons
from training.corpus.splits import assign_splits
from training.realdata import Record

FRAMES_PATH = Path(__file__).parent / "frames" / "frames.yaml"
_CORPUS_SPLIT = {"train": "train", "calib": "val", "test": "test"}
_LAWFUL_MATERIAL = re.compile(
    r"\b(sterling silver|silver[- ]plated|silver|bronze|brass|porcelain|jade|wooden|wood|oak|mahogany|walnut|"
    r"ceramic|glass|pewter|copper|marble|soapstone|enamel|resin|cast iron)\b",
    re.IGNORECASE,
)
SEEK_SHARE = 0.3  # of framed posts, the share a buyer asks for instead of a seller presenting
# of framed museum records and auction lots, the share a seller presents with the record's description
# (date, material, what it shows), as dealers post them, rather than with the title alone
DESCRIBED_SHARE = 0.4
DESCRIPTION_CHARS = 280
_PROTECTED_MATERIALS = (
    "ivory", "carved ivory", "mammoth ivory", "walrus ivory", "elephant ivory", "rhinoceros horn", "rhino horn",
    "tortoiseshell", "hawksbill shell", "hornbill casque", "tiger bone",
)  # fmt: skip


@dataclass(frozen=True)
class Made:
    """A post made for training or calibration, with what it is made of."""

    text: str
    lang: str
    split: str
    how: str  # material_swap | title_swap | {framed,sought}_{protected,lawful}
    violating: int


class Positives:
    """Makes posts from records; `seed` fixes every choice."""

    def __init__(self, seed: int, frames_path: Path = FRAMES_PATH) -> None:
        self.rng = random.Random(seed)
        frames = yamlfiles.safe_load(frames_path.read_text(encoding="utf-8"))
        self.frames: dict[str, list[str]] = {k: v for k, v in frames.items() if "_" not in k}
        self.prices: dict[str, list[str]] = {k[:-6]: v for k, v in frames.items() if k.endswith("_price")}
        self.seeking: dict[str, list[str]] = {k[:-5]: v for k, v in frames.items() if k.endswith("_seek")}
        self.items = _protected_items(seed)

    def _price(self, lang: str) -> str:
        amount = self.rng.choice([80, 150, 300, 450, 800, 1200, 2500, 4000, 9000])
        pattern = self.rng.choice(self.prices.get(lang, ["{amount}"]))
        return pattern.format(amount=f"{amount:,}", amount2=f"{int(amount * 1.5):,}")

    def frame(self, item: str, lang: str, seek: bool | None = None) -> tuple[str, str]:
        """The item presented by a seller, or sought by a buyer (by default at random, `SEEK_SHARE`):
        (text, "framed" or "sought")."""
        if seek is None:
            seek = lang in self.seeking and self.rng.random() < SEEK_SHARE
        frame = self.rng.choice(self.seeking[lang] if seek else self.frames[lang])
        text = frame.format(item=item, price=self._price(lang), n=self.rng.randint(1, 400))
        return text, "sought" if seek else "framed"

    def item(self, lang: str, split: str) -> str | None:
        pool = self.items.get((lang, _CORPUS_SPLIT[split])) or self.items.get((lang, "train"))
        return self.rng.choice(pool) if pool else None

    def material_swap(self, record: Record) -> Made | None:
        """The same auction lot in a protected material."""
        if (
            record.kind != "auction_lot"
            or record.label != "benign"
            or not _LAWFUL_MATERIAL.search(record.text)
        ):
            return None
        material = self.rng.choice(_PROTECTED_MATERIALS)
        text = _LAWFUL_MATERIAL.sub(lambda m: _cased(material, m.group(0)), record.text, count=1)
        return Made(text, record.lang, record.split, "material_swap", 1)

    def title_swap(self, record: Record) -> Made | None:
        """A real listing whose title names a protected item instead."""
        title = str(record.meta.get("title") or record.meta.get("name") or "")
        if record.kind != "listing" or len(title) < 4 or title not in record.text:
            return None
        item = self.item(record.lang, record.split)
        if item is None:
            return None
        return Made(
            record.text.replace(title, item[:1].upper() + item[1:], 1),
            record.lang,
            record.split,
            "title_swap",
            1,
        )

    def framed(self, record: Record) -> list[Made]:
        """A museum object or listing title presented by a dealer: protected or lawful as it is."""
        name = str(record.meta.get("title") or "")
        if record.lang not in self.frames or not 4 <= len(name) <= 160:
            return []
        protected = record.product_label == 1
        if record.kind in ("museum", "auction_lot") and self.rng.random() < DESCRIBED_SHARE:
            made = [self._framed(record, described(record.text), protected, seek=False)]
        else:
            made = [self._framed(record, name, protected)]
        item = self.item(record.lang, record.split)
        if not protected and item is not None and self.rng.random() < 0.5:
            made.append(self._framed(record, item, protected=True))
        return made

    def _framed(self, record: Record, item: str, protected: bool, seek: bool | None = None) -> Made:
        text, how = self.frame(item, record.lang, seek)
        kind = "protected" if protected else "lawful"
        return Made(text, record.lang, record.split, f"{how}_{kind}", int(protected))

    def from_records(self, records: Sequence[Record], title_share: float = 0.25) -> list[Made]:
        made: list[Made] = []
        for record in records:
            swapped = self.material_swap(record)
            if swapped:
                made.append(swapped)
            if record.kind == "listing" and self.rng.random() < title_share:
                titled = self.title_swap(record)
                if titled:
                    made.append(titled)
            if record.kind in ("museum", "auction_lot") or (
                record.kind == "listing" and self.rng.random() < 0.1
            ):
                made += self.framed(record)
        return made


def described(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """A record's text cut after its last whole sentence within `limit` characters (or at the limit),
    without the final full stop (frames add their own punctuation)."""
    if len(text) > limit:
        cut = text[:limit]
        end = cut.rfind(". ")
        text = cut[: end + 1] if end > limit // 3 else cut.rsplit(" ", 1)[0]
    return text.strip().rstrip(".")


def _cased(replacement: str, original: str) -> str:
    if original.isupper():
        return replacement.upper()
    return replacement.title() if original[:1].isupper() else replacement


def _protected_items(seed: int) -> Mapping[tuple[str, str], list[str]]:
    """Protected item forms of the corpus lexicons, per (language, corpus split of their family)."""
    items: dict[tuple[str, str], list[str]] = {}
    for lang, lexicon in load_lexicons().items():
        splits = assign_splits(lexicon, seed)
        for families in lexicon.items.values():
            for family in families:
                items.setdefault((lang, splits.get(family.id, "train")), []).extend(family.forms)
    return items
