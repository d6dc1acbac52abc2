"""Real text from `training/data/` (format: `training/data/FORMAT.md`, provenance: `SOURCES.md`).

Each record lands in one split by a hash of its source and id, so a record never moves between
training, calibration (thresholds) and test (the report), whatever else changes in the folder.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from service.settings import REPO_ROOT

DATA_DIR = REPO_ROOT / "training" / "data"
SPLITS = ("train", "calib", "test")
# shares of each source: 70% train, 15% calibration, 15% test
_CALIB_FROM, _TEST_FROM = 70, 85
OFFER_KINDS = frozenset(("listing", "wanted", "auction_lot", "animal_listing"))
NON_OFFER_KINDS = frozenset(("everyday", "social", "review", "news", "museum"))
# Conversations between buyers and shops: every turn is part of arranging a sale, or small talk in one
SALE_CHAT_SOURCES = frozenset(("zh_taobao_service_chat",))
EVERYDAY_KINDS = frozenset(("everyday", "social", "review"))
# museum media that are the protected material (bone, horn, shell, coral are not)
PROTECTED_MEDIA = (
    "ivory",
    "tortoiseshell",
    "tortoise shell",
    "rhinoceros horn",
    "tusk",
    "walrus",
    "hornbill",
)


class DataError(ValueError):
    """A data file breaks FORMAT.md; the message names the file and line."""


@dataclass(frozen=True)
class Record:
    source: str  # the folder under training/data
    id: str
    text: str
    lang: str
    kind: str
    label: str
    meta: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def split(self) -> str:
        bucket = int(hashlib.sha1(f"{self.source}/{self.id}".encode()).hexdigest()[:8], 16) % 100
        return "train" if bucket < _CALIB_FROM else "calib" if bucket < _TEST_FROM else "test"

    @property
    def offer_label(self) -> int | None:
        if self.kind in OFFER_KINDS:
            return 1
        if self.sells_in_passing:
            return None
        return 0 if self.kind in NON_OFFER_KINDS else None

    @property
    def sells_in_passing(self) -> bool:
        """Social text that sells or arranges a sale without being a listing: SMS and comment spam
        (prizes, ringtones, "check out my channel"), and shop service chat (a buyer and a shop
        settling stock, price and shipping, turn by turn). Called posts that offer nothing, they taught
        the offer model that "call now to claim" and "we don't ship with Yunda" are not selling."""
        spam = self.meta.get("sms_class") == "spam" or self.meta.get("yt_class") == "spam"
        return spam or self.source in SALE_CHAT_SOURCES

    @property
    def product_label(self) -> int | None:
        """1 when the post really names a protected product (museum ivory, news of seizures, a lot the
        source marks violating); 0 for the other senses in ordinary text; None when unknown."""
        if self.meta.get("sense"):  # a wildlife word in another sense (ivory tower, Tiger Woods)
            return 0
        if self.label == "violating" or self.kind == "news":
            return 1
        if self.label == "unknown":
            return None
        if self.kind == "museum":
            medium = str(self.meta.get("medium", "")).lower()
            return int(any(word in medium for word in PROTECTED_MEDIA))
        return 0

    @property
    def violating(self) -> int | None:
        return {"violating": 1, "benign": 0}.get(self.label)


def _read(path: Path, source: str) -> Iterable[Record]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            yield Record(
                source=source,
                id=str(row["id"]),
                text=str(row["text"]),
                lang=str(row["lang"]),
                kind=str(row["kind"]),
                label=str(row["label"]),
                meta=dict(row.get("meta") or {}),
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise DataError(f"{path}:{number}: {type(exc).__name__}: {exc}") from None


def load_records(data_dir: Path = DATA_DIR) -> list[Record]:
    """Every record of every source folder, in a stable order."""
    records: list[Record] = []
    for path in sorted(data_dir.glob("*/*.jsonl")):
        records += _read(path, path.parent.name)
    if not records:
        raise DataError(f"no training data under {data_dir} (see training/data/FORMAT.md)")
    return records


def content_hash(records: Iterable[Record]) -> str:
    digest = hashlib.sha256()
    for record in records:
        digest.update(f"{record.source}\t{record.id}\t{record.text}\t{record.label}\n".encode())
    return digest.hexdigest()
