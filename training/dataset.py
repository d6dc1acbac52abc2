"""Everything the model learns from, calibrates on and is tested on, as one list of labelled samples.

Three kinds of text, each labelled for the two factors (does it name a protected product in its real
sense? does it offer, seek or present something for trade?) and for the policy (violating?):
- real text from `training/data/` (the bulk of the benign side: everyday posts, social media,
  reviews, lawful listings, auction lots, museum records, news);
- posts made from real ones (`positives.py`): protected products put into real listings and lots;
- the synthetic corpus (`corpus/`): every category, register and evasion in all 11 languages.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace

from service.textnorm.tokens import HAN_RE
from training.corpus import Corpus, Example, build_corpus
from training.examples import example_text
from training.positives import Made, Positives
from training.realdata import Record, content_hash, load_records

# synthetic benign registers that offer something lawful
_SALE_REGISTERS = frozenset(
    ("ordinary_sale", "lookalike_sale", "lawful_animal_sale", "lawful_product_sale", "art")
)
# synthetic benign registers that name real wildlife products or animals (news, NGOs, zoos)
_REAL_SENSE_REGISTERS = frozenset(("news", "ngo", "press_release", "education", "zoo_safari", "comment"))
_CORPUS_SPLIT = {"train": "train", "val": "calib", "test": "test"}


@dataclass(frozen=True)
class Sample:
    text: str
    lang: str
    origin: str  # real:<source> | made:<how> | synthetic:<register>
    kind: str  # real kind (FORMAT.md), made, or synthetic register
    split: str  # train | calib | test
    product: int | None  # names a protected product in its real sense
    offer: int | None  # offers, seeks or presents something for trade
    violating: int | None


def from_record(record: Record) -> Sample:
    return Sample(
        record.text, record.lang, f"real:{record.source}", record.kind, record.split,
        record.product_label, record.offer_label, record.violating,
    )  # fmt: skip


# A real Chinese training post counts in the other script too when its own has this share of Han
# characters that differ (Taiwanese judgments and UD sentences are Traditional, most posts Simplified).
SCRIPT_TWIN_MIN_SHARE = 0.05


def script_twins(records: Sequence[Record]) -> list[Sample]:
    """Simplified copies of the Traditional Chinese training records and Traditional copies of the
    Simplified ones that are news (the features hash 獲 and 获 apart): training split only, so
    calibration and the held-out figures stay real text as written."""
    import opencc  # the training extra: the service never converts

    to_simplified, to_traditional = opencc.OpenCC("t2s"), opencc.OpenCC("s2t")
    twins = []
    for record in records:
        if record.lang != "zh" or record.split != "train":
            continue
        simplified = to_simplified.convert(record.text)
        han = len(HAN_RE.findall(record.text)) or 1
        changed = sum(map(str.__ne__, record.text, simplified)) + abs(len(record.text) - len(simplified))
        if changed >= SCRIPT_TWIN_MIN_SHARE * han:
            twin = simplified
        elif record.kind == "news":
            twin = to_traditional.convert(record.text)
        else:
            continue
        if twin != record.text:
            twins.append(replace(from_record(record), text=twin))
    return twins


def from_made(made: Made) -> Sample:
    return Sample(
        made.text, made.lang, f"made:{made.how}", "made", made.split, made.violating, 1, made.violating
    )


def from_example(example: Example) -> Sample:
    if example.label:
        product, offer = 1, 1
    else:
        product = 1 if example.register in _REAL_SENSE_REGISTERS else 0
        offer = 1 if example.register in _SALE_REGISTERS else 0
    return Sample(
        example_text(example), example.lang, f"synthetic:{example.register}", example.register,
        _CORPUS_SPLIT[example.split], product, offer, example.label,
    )  # fmt: skip


@dataclass(frozen=True)
class Dataset:
    samples: list[Sample]
    corpus: Corpus
    records: list[Record]
    real_per_source: int | None = None  # the cap of a quick build (None: every record)

    def split(self, name: str) -> list[Sample]:
        return [s for s in self.samples if s.split == name]

    @property
    def content_hash(self) -> str:
        digest = hashlib.sha256()
        digest.update(self.corpus.content_hash.encode())
        digest.update(content_hash(self.records).encode())
        for sample in self.samples:
            digest.update(f"{sample.origin}\t{sample.split}\t{sample.text}\n".encode())
        return digest.hexdigest()

    def sizes(self) -> dict[str, dict[str, int]]:
        counts: Counter[tuple[str, str]] = Counter((s.split, s.origin.split(":")[0]) for s in self.samples)
        return {
            split: {origin: counts[(split, origin)] for origin in ("real", "made", "synthetic")}
            for split in ("train", "calib", "test")
        }


def build_dataset(
    seed: int,
    per_language: int,
    languages: Sequence[str] | None = None,
    progress: bool = False,
    real_per_source: int | None = None,
) -> Dataset:
    """`real_per_source` keeps at most that many records of each source in each language (a fixed
    choice by hash, every split kept in proportion): a quick build for tests, never the shipped model."""
    corpus = build_corpus(seed=seed, per_language=per_language, languages=languages, progress=progress)
    records = load_records()
    if languages is not None:
        records = [r for r in records if r.lang in languages]
    if real_per_source is not None:
        records = capped(records, real_per_source)
    made = Positives(seed).from_records(records)
    samples = (
        [from_record(r) for r in records]
        + script_twins(records)
        + [from_made(m) for m in made]
        + [from_example(e) for e in corpus.examples]
    )
    return Dataset(samples, corpus, records, real_per_source)


def capped(records: Sequence[Record], per_source: int) -> list[Record]:
    """At most `per_source` records of each (source, language), chosen by a hash of their ids that is
    independent of the split hash, in their original order."""

    def rank(record: Record) -> str:
        return hashlib.sha1(f"cap/{record.source}/{record.id}".encode()).hexdigest()

    groups: dict[tuple[str, str], list[Record]] = {}
    for record in records:
        groups.setdefault((record.source, record.lang), []).append(record)
    kept = {id(r) for group in groups.values() for r in sorted(group, key=rank)[:per_source]}
    return [r for r in records if id(r) in kept]
