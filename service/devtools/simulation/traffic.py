"""The posts a simulation uploads: the shipped hand-written samples (shown one by one), then a
multilingual flow generated like the training corpus, with a realistic share of violating posts."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

SAMPLE_INTERVAL = 0.05  # seconds between the shown sample posts
VIOLATING_SHARE = 0.08


@dataclass(frozen=True)
class TrafficPost:
    body: dict[str, Any]  # the post.v1 fields sent to the service (no ground truth in it)
    violating: bool
    shown: bool  # print its decision as it arrives
    slot: int  # position in the flow: the samples first, then the generated posts
    sample: bool

    def send_after(self, rate: float) -> float:
        """Seconds after the start at which the pipeline uploads this post."""
        return self.slot * SAMPLE_INTERVAL if self.sample else self.slot / rate


def sample_posts(run_id: str, path: Path | None = None) -> list[TrafficPost]:
    text = (
        path.read_text(encoding="utf-8")
        if path
        else (files("service") / "data" / "sample_posts.jsonl").read_text(encoding="utf-8")
    )
    out = []
    for index, line in enumerate(filter(str.strip, text.splitlines())):
        record = json.loads(line)
        violating = bool(record.pop("violating", False))
        record["post_id"] = f"{run_id}-{record['post_id']}"
        out.append(TrafficPost(record, violating, shown=True, slot=index, sample=True))
    return out


def flow_posts(run_id: str, count: int, seed: int) -> list[TrafficPost]:
    """`count` posts from the corpus generator, about 8% violating, every language."""
    if count <= 0:
        return []
    from training.corpus import build_corpus

    corpus = build_corpus(seed=seed, per_language=max(60, count // 5))
    rng = random.Random(seed)
    violating = [e for e in corpus.examples if e.label == 1]
    benign = [e for e in corpus.examples if e.label == 0]
    n_violating = round(count * VIOLATING_SHARE)
    chosen = rng.sample(violating, n_violating) + rng.sample(benign, count - n_violating)
    rng.shuffle(chosen)
    out = []
    for index, example in enumerate(chosen):
        body: dict[str, Any] = {
            "schema": "post.v1",
            "post_id": f"{run_id}-flow-{index}",
            "lang": example.lang,
            "text": example.text or None,
            "author_id": f"u-{rng.randrange(10**6)}",
        }
        if example.hashtags:
            body["hashtags"] = list(example.hashtags)
        for name in ("ocr_text", "transcript"):
            if getattr(example, name):
                body[name] = getattr(example, name)
        out.append(TrafficPost(body, bool(example.label), shown=False, slot=index, sample=False))
    return out
