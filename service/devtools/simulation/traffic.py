"""The posts a simulation uploads: the shipped hand-written samples (shown one by one), then a
multilingual flow shaped like a platform's uploads: a realistic share of violating posts (from the
corpus generator), and benign posts that are mostly real held-out text (everyday posts, comments,
reviews, lawful listings, news: the test split of `training/data/`, never trained or calibrated on)
with a share of the generator's wildlife-adjacent lawful posts (news, NGOs, zoos, look-alike and
lawful animal sales), the ones a reviewer is most likely to see held."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path
from typing import Any

SAMPLE_INTERVAL = 0.05  # seconds between the shown sample posts
VIOLATING_SHARE = 0.08
# of the benign posts: generated wildlife-adjacent ones; the rest are real held-out posts
ADJACENT_SHARE = 0.15


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
    """`count` posts, about 8% violating, every language (see the module docstring)."""
    if count <= 0:
        return []
    from training.corpus import build_corpus
    from training.realdata import load_records

    corpus = build_corpus(seed=seed, per_language=max(60, count // 5))
    rng = random.Random(seed)
    violating = [e for e in corpus.examples if e.label == 1]
    adjacent = [e for e in corpus.examples if e.label == 0 and e.register != "everyday"]
    real = [r for r in load_records() if r.split == "test" and r.label == "benign"]
    n_violating = round(count * VIOLATING_SHARE)
    n_adjacent = round((count - n_violating) * ADJACENT_SHARE)
    chosen: list[tuple[str, bool, dict[str, Any]]] = [
        (e.lang, True, _fields(e)) for e in rng.sample(violating, n_violating)
    ]
    chosen += [(e.lang, False, _fields(e)) for e in rng.sample(adjacent, n_adjacent)]
    chosen += [(r.lang, False, {"text": r.text}) for r in rng.sample(real, count - n_violating - n_adjacent)]
    rng.shuffle(chosen)
    out = []
    for index, (lang, is_violating, fields) in enumerate(chosen):
        body: dict[str, Any] = {
            "schema": "post.v1",
            "post_id": f"{run_id}-flow-{index}",
            "lang": lang,
            "author_id": f"u-{rng.randrange(10**6)}",
            **fields,
        }
        out.append(TrafficPost(body, is_violating, shown=False, slot=index, sample=False))
    return out


def _fields(example: Any) -> dict[str, Any]:
    """A generated example's own post fields: its caption, hashtags, on-screen text, transcript."""
    fields: dict[str, Any] = {"text": example.text or None}
    if example.hashtags:
        fields["hashtags"] = list(example.hashtags)
    for name in ("ocr_text", "transcript"):
        if getattr(example, name):
            fields[name] = getattr(example, name)
    return fields
