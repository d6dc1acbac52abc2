"""The corpus output: one `Example` per synthetic post, and the `Corpus` that holds them."""

from __future__ import annotations

import hashlib
import json
import statistics
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from training.corpus.schema import GENERATOR_VERSION, SPLITS


@dataclass(frozen=True)
class Example:
    """A synthetic post, with the provenance needed to audit splits and tactics."""

    text: str  # caption / main text ("" allowed, e.g. hashtag-only posts)
    hashtags: tuple[str, ...]  # without '#'
    ocr_text: str | None  # text in video frames
    transcript: str | None  # speech-to-text
    label: int  # 1 violating, 0 benign
    lang: str  # lexicon language (mixed posts: the main language)
    category: str  # violating: item category id; benign: benign register id
    register: str  # register id from SCHEMA.md
    template_family: str
    vocab_families: tuple[str, ...]  # every family id whose form was used
    tactics: tuple[str, ...]  # evasion tactics applied
    split: str  # "train" | "val" | "test"

    def to_json(self) -> str:
        """Canonical one-line JSON (sorted keys, real UTF-8), the unit of the content hash."""
        # the fields are flat (str, int, None, tuples of str): no recursive asdict() copy needed,
        # which took ~15% of a dataset build
        values = {field.name: getattr(self, field.name) for field in _FIELDS}
        return json.dumps(values, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_FIELDS = fields(Example)


def content_hash(examples: Iterable[Example]) -> str:
    digest = hashlib.sha256(f"zeroview-corpus/{GENERATOR_VERSION}\n".encode())
    for example in examples:
        digest.update(example.to_json().encode("utf-8"))
        digest.update(b"\n")
    return digest.hexdigest()


def _count(values: Iterable[str]) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


@dataclass
class Corpus:
    examples: list[Example]
    seed: int
    content_hash: str

    def write_jsonl(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8", newline="\n") as out:
            for example in self.examples:
                out.write(example.to_json() + "\n")

    def split(self, name: str) -> list[Example]:
        if name not in SPLITS:
            raise ValueError(f"unknown split {name!r}; expected one of {SPLITS}")
        return [e for e in self.examples if e.split == name]

    def summary(self) -> dict[str, Any]:
        """Counts by split, language, label, category, register and tactic."""
        ex = self.examples
        lengths = [len(e.text) for e in ex] or [0]
        violating = [e for e in ex if e.label == 1]
        return {
            "total": len(ex),
            "seed": self.seed,
            "content_hash": self.content_hash,
            "generator_version": GENERATOR_VERSION,
            "violating_share": round(len(violating) / max(1, len(ex)), 3),
            "median_text_chars": statistics.median(lengths),
            "by_split": _count(e.split for e in ex),
            "by_lang": _count(e.lang for e in ex),
            "by_label": _count(str(e.label) for e in ex),
            "by_split_label": _count(f"{e.split}/{e.label}" for e in ex),
            "by_category": _count(e.category for e in ex),
            "by_register": _count(f"{'violating' if e.label else 'benign'}/{e.register}" for e in ex),
            "by_tactic": _count(t for e in ex for t in e.tactics),
            "by_tactic_label": _count(f"{t}/{e.label}" for e in ex for t in e.tactics),
            "with_tactic_share": {
                "violating": round(sum(bool(e.tactics) for e in violating) / max(1, len(violating)), 3),
                "benign": round(
                    sum(bool(e.tactics) for e in ex if e.label == 0) / max(1, len(ex) - len(violating)), 3
                ),
            },
            "with_ocr": sum(e.ocr_text is not None for e in ex),
            "with_transcript": sum(e.transcript is not None for e in ex),
            "empty_text": sum(not e.text for e in ex),
        }
