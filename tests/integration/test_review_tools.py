"""The review tools on the real broker: posts go through a running `zeroview serve`, reviewers'
labels follow, then `zeroview labels export` and `zeroview intel suggest` read what it committed."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from service.cli import main as zeroview
from service.devtools.bench.processes import settings_env
from service.review.review_file import read_review_file
from tests.support.kafka_io import decide_through, post, producer
from tests.support.service_process import ServiceProcess, http_post

pytestmark = pytest.mark.kafka

# "snowbrick" is a code word no list knows yet, written the ways traffickers vary it
SPELLINGS = ["snowbrick", "SnowBrick", "sn0wbrick", "S N O W B R I C K", "#snowbrick"]
PRODUCTS = [
    "ivory bangles",
    "rhino horn cups",
    "pangolin scales",
    "tiger teeth",
    "ivory carvings",
    "raw tusk",
]
TRADE = ["dm for price", "whatsapp me", "serious buyers only", "ship worldwide", "inbox me", "pm for details"]
ITEMS = ["mountain bike", "iphone 12", "leather sofa", "acoustic guitar", "baby stroller", "gaming laptop"]
EVERYDAY = [
    "lovely sunset at the beach today",
    "new recipe: lentil soup with lemon and cumin",
    "our team won the match yesterday, what a game",
    "reading a great book about the history of tea",
    "first snow of the year in the mountains",
]


def violating_texts(pick: random.Random, n: int) -> list[str]:
    shapes = ["{w} {p} in stock, {t}", "{p}, real {w} grade, {t}", "fresh {w} {p} available, {t}"]
    return [
        pick.choice(shapes).format(w=pick.choice(SPELLINGS), p=pick.choice(PRODUCTS), t=pick.choice(TRADE))
        for _ in range(n)
    ]


def benign_texts(pick: random.Random) -> list[str]:
    listings = [f"{item} for sale, {trade}" for item in ITEMS for trade in TRADE]
    return listings * 3 + EVERYDAY * 10 + [f"{pick.choice(ITEMS)} barely used" for _ in range(20)]


def by_action(service: ServiceProcess, texts: list[str]) -> dict[str, list[str]]:
    """The texts grouped by what the running model decides (so the scenario survives retraining)."""
    found: dict[str, list[str]] = {"remove": [], "hold": [], "allow": []}
    for start in range(0, len(texts), 500):
        chunk = [post(text=text, lang="en") for text in texts[start : start + 500]]
        status, body = http_post(service.url + "/v1/score", {"posts": chunk})
        assert status == 200, body
        for item, decision in zip(chunk, body["decisions"], strict=True):
            found[decision["action"]].append(item["text"])
    return found


def label(post_id: str, verdict: str, source: str, labeled_at: str) -> dict[str, Any]:
    return {
        "schema": "label.v1",
        "post_id": post_id,
        "verdict": verdict,
        "source": source,
        "labeled_at": labeled_at,
    }


@dataclass
class Scenario:
    violating: list[dict[str, Any]]  # planted code word, flagged, labelled violating
    appealed: list[dict[str, Any]]  # flagged, labelled benign on appeal
    benign: list[dict[str, Any]]  # allowed
    missed: dict[str, Any]  # allowed, then reported violating: it has no evidence

    def everything(self) -> list[dict[str, Any]]:
        return [*self.violating, *self.appealed, *self.benign, self.missed]


def scenario(service: ServiceProcess) -> Scenario:
    pick = random.Random(15)
    planted = by_action(service, violating_texts(pick, 60))
    flagged = (planted["remove"] + planted["hold"])[:30]
    assert len(flagged) == 30, f"the model flags too few planted posts: {planted}"
    lookalikes = by_action(service, [f"antique {p}, {t}" for p in PRODUCTS for t in TRADE])
    overturned = (lookalikes["remove"] + lookalikes["hold"])[:5]
    allowed = by_action(service, benign_texts(pick))["allow"]
    assert len(overturned) == 5 and len(allowed) >= 150
    return Scenario(
        violating=[post(text=text, lang="en") for text in flagged],
        appealed=[post(text=text, lang="en") for text in overturned],
        benign=[post(text=text, lang="en") for text in allowed],
        missed=post(text="snowbrick fresh batch, dm me", lang="en"),  # names no product: allowed
    )


def publish_labels(service: ServiceProcess, plan: Scenario) -> None:
    first = plan.violating[0]["post_id"]
    labels = [label(p["post_id"], "violating", "review", "2026-12-07T10:00:00Z") for p in plan.violating[1:]]
    labels += [
        label(first, "violating", "audit", "2026-12-07T11:00:00Z"),  # overturns the review below
        label(first, "benign", "review", "2026-12-07T10:30:00Z"),
        *[label(p["post_id"], "benign", "appeal", "2026-12-07T10:00:00Z") for p in plan.appealed],
        label(plan.missed["post_id"], "violating", "report", "2026-12-07T10:00:00Z"),
    ]
    kafka = producer(service.settings)
    try:
        for item in labels:
            kafka.send(
                service.settings.topic_labels, key=item["post_id"].encode(), value=json.dumps(item).encode()
            )
        kafka.flush()
    finally:
        kafka.close()


def test_labels_export_with_provenance_and_a_planted_code_word_is_suggested_first(
    running_service: ServiceProcess,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    plan = scenario(running_service)
    actions = decide_through(running_service.settings, plan.everything())
    assert {p["post_id"] for p in plan.everything()} <= set(actions)
    assert all(actions[p["post_id"]]["action"] != "allow" for p in plan.violating + plan.appealed)
    assert actions[plan.missed["post_id"]]["action"] == "allow"
    publish_labels(running_service, plan)

    for name, value in settings_env(running_service.settings).items():
        if name.startswith("ZEROVIEW_"):
            monkeypatch.setenv(name, value)
    export, review = tmp_path / "labels.jsonl", tmp_path / "intel-review.yaml"
    assert zeroview(["labels", "export", "--out", str(export)]) == 0
    assert "labels without evidence: 1" in capsys.readouterr().out
    assert zeroview(["intel", "suggest", "--out", str(review), "--top", "10"]) == 0

    rows = {row["post_id"]: row for row in map(json.loads, export.read_text(encoding="utf-8").splitlines())}
    assert set(rows) == {p["post_id"] for p in plan.violating + plan.appealed}
    first, decided = rows[plan.violating[0]["post_id"]], actions[plan.violating[0]["post_id"]]
    assert (first["violating"], first["text"], first["lang"]) == (1, plan.violating[0]["text"], "en")
    decided_at = datetime.fromisoformat(first["provenance"].pop("decided_at"))
    assert decided_at == datetime.fromisoformat(decided["decided_at"])
    assert first["provenance"] == {
        "label_source": "audit",
        "labeled_at": "2026-12-07T11:00:00+00:00",
        "model_version": decided["model_version"],
        "action": decided["action"],
        "score": decided["score"],
    }
    assert {
        (rows[p["post_id"]]["violating"], rows[p["post_id"]]["provenance"]["label_source"])
        for p in plan.appealed
    } == {(0, "appeal")}

    english = read_review_file(review)["languages"]["en"]
    assert (english["violating_posts"], english["benign_posts"]) == (30, len(plan.benign) + 5)
    best = english["candidates"][0]
    assert (best["term"], best["violating"], best["benign"]) == ("snowbrick", 30, 0)
    assert best["z"] > 3 and len(best["examples"]) == 3
    assert all(len(example) <= 60 for example in best["examples"])
