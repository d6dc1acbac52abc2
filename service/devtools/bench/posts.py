"""The benchmark's posts: realistic `post.v1` bodies built from the training corpus generator.

The corpus gives multilingual captions, hashtags, on-screen text and transcripts with evasions;
this module mixes them to the traffic the benchmark targets: a few percent violating, lengths
(every text field the model reads) log-normal around a median of ~120 characters, from a few
characters to 2,000. Deterministic for a seed, so two runs score the same posts.
"""

from __future__ import annotations

import json
import math
import random
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from service.model.post_text import model_text

if TYPE_CHECKING:
    from training.corpus import Example

MEDIAN_CHARS = 120
# sigma 1.0 puts p99 near 1,200 characters and ~0.3% of posts at the 2,000 cap.
LENGTH_SIGMA = 1.0
MIN_CHARS, MAX_CHARS = 3, 2000
VIOLATING_SHARE = 0.03
# Posts longer than this are videos: the voice-over transcript carries most of their characters.
TRANSCRIPT_FROM_CHARS = 500
DECLARED_LANG_SHARE = 0.85  # the upload pipeline does not always know the language
# Roughly a global platform's mix; every language the corpus has is present.
LANGUAGE_WEIGHTS = {
    "en": 0.30,
    "es": 0.10,
    "pt": 0.10,
    "id": 0.10,
    "zh": 0.08,
    "vi": 0.06,
    "th": 0.06,
    "de": 0.06,
    "fr": 0.06,
    "pl": 0.04,
    "sv": 0.04,
}
CORPUS_PER_LANGUAGE = 500
TEXT_FIELDS = ("text", "hashtags", "ocr_text", "transcript")


@dataclass(frozen=True)
class BenchPost:
    """A post.v1 body without its id and creation time (set when it is produced)."""

    fields: dict[str, Any]
    chars: int
    violating: bool
    lang: str

    def to_bytes(self, post_id: str, created_at: str) -> bytes:
        body = {"schema": "post.v1", "post_id": post_id, "created_at": created_at, **self.fields}
        return json.dumps(body, ensure_ascii=False).encode()


def _length(fields: dict[str, Any]) -> int:
    return len(model_text(fields["text"], fields["hashtags"], fields["ocr_text"], fields["transcript"]))


def _target_length(rng: random.Random) -> int:
    drawn = rng.lognormvariate(math.log(MEDIAN_CHARS), LENGTH_SIGMA)
    return max(MIN_CHARS, min(MAX_CHARS, round(drawn)))


def _speech(fillers: Sequence[str], need: int, rng: random.Random) -> str:
    words: list[str] = []
    size = 0
    while size < need:
        words.append(rng.choice(fillers))
        size += len(words[-1]) + 1
    return " ".join(words)


def _cut_to(fields: dict[str, Any], target: int) -> None:
    """Shorten a benign post: extras first (transcript, tags, on-screen text), the caption last."""
    for name in ("transcript", "hashtags", "ocr_text", "text"):
        excess = _length(fields) - target
        value = fields[name]
        if excess <= 0 or not value:
            continue
        if name != "hashtags":
            # a few characters stay: an empty post is a different case (it is not scored)
            fields[name] = value[: max(MIN_CHARS, len(value) - excess)]
        elif fields["text"] or fields["ocr_text"]:
            fields[name] = None


def _shape(base: Example, target: int, fillers: Sequence[str], rng: random.Random) -> dict[str, Any]:
    fields: dict[str, Any] = {
        "text": base.text or None,
        "hashtags": list(base.hashtags) or None,
        "ocr_text": base.ocr_text,
        "transcript": base.transcript,
    }
    if target >= TRANSCRIPT_FROM_CHARS and _length(fields) < target:
        spoken = _speech(fillers, int((target - _length(fields)) * 0.8), rng)
        fields["transcript"] = f"{fields['transcript'] or ''} {spoken}".strip()
    while (missing := target - _length(fields)) > 0:
        # a longer caption: a listing's description, a thread of sentences
        fields["text"] = f"{fields['text'] or ''} {rng.choice(fillers)[:missing]}".strip()
    if not base.label:  # a violating post keeps its whole base: a cut one might no longer violate
        _cut_to(fields, target)
    return fields


def benchmark_posts(count: int, seed: int = 20261121) -> list[BenchPost]:
    """`count` posts mixed from a corpus built with `seed` (the same seed, the same posts)."""
    from training.corpus import build_corpus  # the generator is only needed here

    corpus = build_corpus(seed=seed, per_language=CORPUS_PER_LANGUAGE)
    pools: dict[tuple[str, int], list[Example]] = defaultdict(list)
    fillers: dict[str, list[str]] = defaultdict(list)
    for example in corpus.examples:
        pools[example.lang, example.label].append(example)
        if not example.label and example.text:
            fillers[example.lang].append(example.text)
    languages = sorted({lang for lang, _ in pools if pools[lang, 0] and pools[lang, 1] and fillers[lang]})
    weights = [LANGUAGE_WEIGHTS.get(lang, 0.03) for lang in languages]
    rng = random.Random(f"zeroview-bench/{seed}")
    posts = []
    for _ in range(count):
        lang = rng.choices(languages, weights)[0]
        violating = rng.random() < VIOLATING_SHARE
        base = rng.choice(pools[lang, int(violating)])
        fields = _shape(base, _target_length(rng), fillers[lang], rng)
        fields["author_id"] = f"u-{rng.randrange(100_000)}"
        fields["lang"] = lang if rng.random() < DECLARED_LANG_SHARE else None
        body = {name: value for name, value in fields.items() if value is not None}
        posts.append(BenchPost(body, _length(fields), violating, lang))
    return posts


def _quantile(ordered: Sequence[int], q: float) -> int:
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0


def mix_summary(posts: Sequence[BenchPost]) -> dict[str, Any]:
    """What the generator achieved, written to the results so the mix can be checked."""
    lengths = sorted(post.chars for post in posts)
    texts = {json.dumps([post.fields.get(name) for name in TEXT_FIELDS]) for post in posts}
    return {
        "count": len(posts),
        "min_chars": lengths[0] if lengths else 0,
        "median_chars": _quantile(lengths, 0.5),
        "p99_chars": _quantile(lengths, 0.99),
        "max_chars": lengths[-1] if lengths else 0,
        "violating_share": round(sum(post.violating for post in posts) / max(1, len(posts)), 4),
        "distinct_share": round(len(texts) / max(1, len(posts)), 4),
        "languages": dict(sorted(Counter(post.lang for post in posts).items())),
    }
