"""Planning and building the whole corpus: quotas per split, label, category and register."""

from __future__ import annotations

import logging
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from training.corpus.drafts import benign_available, draft_benign, draft_violating, violating_options
from training.corpus.examples import Corpus, Example, content_hash
from training.corpus.fields import finish
from training.corpus.lexicon import LexiconError, load_lexicons, load_valid_lexicons
from training.corpus.pools import Pools, build_pools
from training.corpus.schema import BENIGN_REGISTERS
from training.corpus.splits import assign_splits
from training.corpus.tactics import apply_tactics

log = logging.getLogger(__name__)

DEFAULT_SEED = 20261121
SPLIT_SHARES = {"train": 0.70, "val": 0.12, "test": 0.18}
VIOLATING_SHARE = 0.38
# Hard negatives (sales of lookalikes and lawful goods, news naming the products) dominate the benign half.
BENIGN_WEIGHTS = {
    "news": 1.2,
    "ngo": 1.0,
    "press_release": 0.7,
    "education": 0.8,
    "zoo_safari": 0.9,
    "lookalike_sale": 1.5,
    "lawful_animal_sale": 1.2,
    "lawful_product_sale": 1.3,
    "ordinary_sale": 1.1,
    "comment": 0.9,
    "art": 0.8,
    # Most real posts: no wildlife, no sale. Without them the model reads any ordinary words as evidence.
    "everyday": 3.5,
}


@dataclass(frozen=True)
class Spec:
    """One planned example."""

    lang: str
    split: str
    label: int
    category: str  # item category (violating) or benign register
    index: int = 0


def allocate(total: int, weights: Mapping[str, float]) -> dict[str, int]:
    """Largest-remainder split of `total` by weight, ties broken by key order."""
    if not weights or total <= 0:
        return dict.fromkeys(weights, 0)
    norm = sum(weights.values())
    exact = {k: total * w / norm for k, w in weights.items()}
    out = {k: int(v) for k, v in exact.items()}
    leftovers = sorted(weights, key=lambda k: -(exact[k] - out[k]))
    for key in leftovers[: total - sum(out.values())]:
        out[key] += 1
    return out


def plan_language(lang: str, n: int, pools: Mapping[str, Pools], rng: random.Random) -> list[Spec]:
    """Quotas for one language: split sizes, ~38% violating, categories even, registers weighted."""
    specs: list[Spec] = []
    for split, size in allocate(n, SPLIT_SHARES).items():
        own = pools[split]
        cats = [c for c in own.categories() if violating_options(own, c)]
        registers = [r for r in BENIGN_REGISTERS if benign_available(own, r)]
        missing = sorted(set(own.lex.items) - set(cats))
        if missing:
            log.warning("%s/%s: no template for categories %s", lang, split, missing)
        n_violating = round(size * VIOLATING_SHARE) if registers else size
        n_violating = n_violating if cats else 0
        rng.shuffle(cats)
        for cat, k in allocate(n_violating, dict.fromkeys(cats, 1.0)).items():
            specs += [Spec(lang, split, 1, cat)] * k
        for reg, k in allocate(size - n_violating, {r: BENIGN_WEIGHTS[r] for r in registers}).items():
            specs += [Spec(lang, split, 0, reg)] * k
    rng.shuffle(specs)
    return [Spec(s.lang, s.split, s.label, s.category, i) for i, s in enumerate(specs)]


def compose(spec: Spec, pools: Mapping[str, Mapping[str, Pools]], seed: int) -> Example:
    """Render one planned example; its own RNG makes it independent of every other example."""
    rng = random.Random(f"{seed}/{spec.lang}/{spec.index}")
    own = pools[spec.lang][spec.split]
    draft = (draft_violating if spec.label else draft_benign)(own, spec.category, rng)
    foreign = {lang: by_split[spec.split] for lang, by_split in pools.items() if lang != spec.lang}
    apply_tactics(draft, spec.label, spec.lang, foreign, rng)
    return finish(draft, own.lex, spec.label, spec.split, rng)


def build_corpus(
    seed: int = DEFAULT_SEED,
    per_language: int = 6000,
    languages: Sequence[str] | None = None,
    lexicon_dir: Path | None = None,
    progress: bool = False,
) -> Corpus:
    """Build the synthetic corpus from the lexicons (all valid files when `languages` is None)."""
    if languages is None:
        lexicons, errors = load_valid_lexicons(lexicon_dir)
        for error in errors:
            log.warning("skipping invalid lexicon: %s", error)
    else:
        lexicons = load_lexicons(lexicon_dir, languages)
    if not lexicons:
        raise LexiconError(lexicon_dir or Path("lexicon"), "<dir>", "no valid lexicon file")
    pools = {lang: build_pools(lex, assign_splits(lex, seed)) for lang, lex in sorted(lexicons.items())}
    specs = [
        spec
        for lang in sorted(pools)
        for spec in plan_language(lang, per_language, pools[lang], random.Random(f"{seed}/plan/{lang}"))
    ]
    if progress:  # tqdm is in the training extra: simulate and bench build posts without it
        from tqdm import tqdm

        specs = tqdm(specs, unit="post")
    examples = [compose(spec, pools, seed) for spec in specs]
    return Corpus(examples, seed, content_hash(examples))
