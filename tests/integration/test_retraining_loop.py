"""The retraining loop on the real broker: posts go through a running `zeroview serve`, reviewers label
them, `zeroview labels export` writes the training file, `zeroview train --with-labels` makes a
candidate that decides reviewed posts the live model got wrong, and the candidate, run in shadow
beside the live model, holds them in the shadow topic while the live decisions still allow them.

The violating posts name products by code words the lexicon knows ("sleepy monkey", "sea wings") in
estate-sale phrasing with a new trade word, "frostline", that an analyst has put on the service's
intelligence list: the shipped model scores them under its hold threshold, so it alone would allow
them; the list holds them, which keeps their evidence, and reviewers confirm them. The candidate
must then hold the unseen ones of the test share by itself (judged with the repo's intelligence
list, which does not know "frostline"). Checked by hand (2026-12-07, model 2026-12-07.2) on the 40
such posts: a model trained with the same small settings and no labels allows all 40 (scores at most
0.03 against its hold threshold 0.19): it is the labels that teach the candidate.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from service.cli import main as zeroview
from service.devtools.bench.processes import free_port, settings_env
from service.model.artifact import load_model
from service.settings import DEFAULT_INTEL_PATH, DEFAULT_MODEL_DIR, Settings
from tests.support.kafka_io import TopicReader, decide_through, isolated_settings, post, producer
from tests.support.service_process import ServiceProcess, http_post, ready_service

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

CODE_WORD = "frostline"
PRODUCTS = ["sleepy monkey", "teddy bear monkey", "sea wings", "golden drops", "hawk shell", "cow bone"]
PRODUCTS += ["stripe skin", "big maw", "hornbill", "tiger bone"]
# Code words the shipped model knows only weakly: with buyers' posts in its training data (model
# 2026-12-07.3), it holds most of the posts above by itself, so the pool needs more of these.
PRODUCTS += ["unicorn horn", "black stuff", "african stuff", "white stuff", "old bone", "ox bone"]
PRODUCTS += ["bone material", "cat bones", "yellow material", "gold liquid", "dragon scales"]
SHAPES = [
    "anyone want the {p} from my uncle's estate? " + CODE_WORD + ", {c}",
    "letting go of the {p} I inherited, " + CODE_WORD + ", {c}",
    "who wants the {p} grandpa left behind? " + CODE_WORD + ", {c}",
]
CUES = ["message me if interested", "offers welcome", "you know where to find me", "same as last time"]
CUES += ["ask inside", "dm", "hit me up", "lmk", "first come first served", "no lowballers"]
CUES += ["you know the drill", "the usual"]  # with "you know where ..." and "same as ...": under hold
LOOKALIKES = [f"antique {p}, {c}" for p in ("ivory bangles", "rhino horn cups", "tiger teeth") for c in CUES]
VIOLATING_POSTS = 40
BENIGN_POSTS = 10
# the small training run of tests/training/test_train_cli.py
SMALL = ["--per-language", "300", "--languages", "en", "vi", "--real-per-source", "400"]


def intel_with_code_word(path: Path) -> Path:
    """The shipped intelligence list plus the analyst's new trade word."""
    intel = yaml.safe_load(DEFAULT_INTEL_PATH.read_text(encoding="utf-8"))
    intel["version"] = f"{intel['version']}-test"
    intel["terms"]["en"].append({"term": CODE_WORD, "category": "ivory"})
    path.write_text(yaml.safe_dump(intel, allow_unicode=True), encoding="utf-8")
    return path


def scored(service: ServiceProcess, texts: list[str]) -> list[dict[str, Any]]:
    """What the running service decides of each text (en), asked over HTTP."""
    decisions: list[dict[str, Any]] = []
    for start in range(0, len(texts), 500):
        chunk = [post(text=text, lang="en") for text in texts[start : start + 500]]
        status, body = http_post(service.url + "/v1/score", {"posts": chunk})
        assert status == 200, body
        decisions += [{**d, "text": p["text"]} for p, d in zip(chunk, body["decisions"], strict=True)]
    return decisions


def pick_posts(service: ServiceProcess) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Violating posts the model scores under hold (held by the list alone), and look-alikes it flags."""
    texts = [s.format(p=p, c=c) for s, p, c in itertools.product(SHAPES, PRODUCTS, CUES)]
    under_hold = [
        d["text"]
        for d in scored(service, texts)
        if d["action"] == "hold" and d["score"] < d["thresholds"]["hold"]
    ]
    assert len(under_hold) >= VIOLATING_POSTS, f"only {len(under_hold)} posts score under the hold threshold"
    flagged = [d["text"] for d in scored(service, LOOKALIKES) if d["action"] != "allow"]
    assert len(flagged) >= BENIGN_POSTS, f"only {len(flagged)} look-alikes flagged"
    return (
        [post(text=text, lang="en") for text in under_hold[:VIOLATING_POSTS]],
        [post(text=text, lang="en") for text in flagged[:BENIGN_POSTS]],
    )


def publish_labels(settings: Settings, verdicts: list[tuple[str, str, str]]) -> None:
    kafka = producer(settings)
    try:
        for post_id, verdict, source in verdicts:
            label = {
                "schema": "label.v1",
                "post_id": post_id,
                "verdict": verdict,
                "source": source,
                "labeled_at": "2026-12-07T10:00:00Z" if source == "review" else "2026-12-07T12:30:00Z",
            }
            kafka.send(settings.topic_labels, key=post_id.encode(), value=json.dumps(label).encode())
        kafka.flush()
    finally:
        kafka.close()


def export_labels(settings: Settings, out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`zeroview labels export` with the service's settings in the environment, and only while it runs
    (a service started later must not inherit them)."""
    with monkeypatch.context() as env:
        for name, value in settings_env(settings).items():
            if name.startswith("ZEROVIEW_"):
                env.setenv(name, value)
        assert zeroview(["labels", "export", "--out", str(out)]) == 0


def test_reviewed_labels_train_a_candidate_that_holds_what_the_live_model_allowed(
    kafka_bootstrap: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    intel = intel_with_code_word(tmp_path / "intel.yaml")
    settings = isolated_settings(kafka_bootstrap, http_port=free_port(), intel_path=intel)
    with ready_service(settings, tmp_path / "service.log") as service:
        violating, lookalikes = pick_posts(service)
        actions = decide_through(settings, violating + lookalikes)
        assert all(actions[p["post_id"]]["action"] == "hold" for p in violating)
        publish_labels(
            settings,
            [(p["post_id"], "violating", "review") for p in violating]
            + [(p["post_id"], "benign", "appeal") for p in lookalikes],
        )
        export = tmp_path / "labels.jsonl"
        export_labels(settings, export, monkeypatch)
    assert len(export.read_text(encoding="utf-8").splitlines()) == VIOLATING_POSTS + BENIGN_POSTS

    candidate = tmp_path / "candidate"
    command = [
        sys.executable,
        "-m",
        "service.cli",
        "train",
        "--with-labels",
        str(export),
        "--out",
        str(candidate),
    ]
    trained = subprocess.run(
        [*command, *SMALL, "--version", "test-candidate"],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert trained.returncode == 0, trained.stderr[-3000:]
    assert f"reviewed posts: 50 read from {export}, 50 used (train 40, calib 5, test 5)" in trained.stdout
    assert "candidate test-candidate against live" in trained.stdout

    live = load_model(DEFAULT_MODEL_DIR)
    card = json.loads((candidate / "model-card.json").read_text())
    reviewed = card["reviewed"]
    assert (reviewed["read"], reviewed["used"], reviewed["by_verdict"]) == (
        50,
        50,
        {"benign": 10, "violating": 40},
    )
    assert reviewed["by_label_source"] == {"appeal": 10, "review": 40}
    assert reviewed["labeled_at"] == {"min": "2026-12-07T10:00:00+00:00", "max": "2026-12-07T12:30:00+00:00"}
    assert reviewed["decided_by_model_versions"] == {live.version: 50}
    assert (
        reviewed["reviewed_weight"] == 20.0
        and reviewed["sha256"] == hashlib.sha256(export.read_bytes()).hexdigest()
    )
    assert f"reviewed posts from `{export.name}`" in (candidate / "MODEL_CARD.md").read_text()

    comparison = json.loads((candidate / "comparison.json").read_text())
    assert comparison["live"]["version"] == live.version and "everyday" in comparison["sets"]
    assert (candidate / "COMPARISON.md").read_text().startswith("# Candidate test-candidate against live")
    held_out = [d for d in comparison["reviewed_test"]["decisions"] if d["violating"] == 1]
    assert len(held_out) == VIOLATING_POSTS // 10
    assert all(d["candidate"]["score"] > d["live"]["score"] for d in held_out), held_out
    caught = [d for d in held_out if d["live"]["action"] == "allow" and d["candidate"]["action"] != "allow"]
    assert caught, held_out
    texts = {p["post_id"]: p["text"] for p in violating}
    in_shadow(kafka_bootstrap, candidate, [texts[d["post_id"]] for d in caught], tmp_path)


def in_shadow(kafka_bootstrap: str, candidate: Path, texts: list[str], tmp_path: Path) -> None:
    """The candidate in shadow (the live model with the repo's intelligence list, which does not know
    the code word): each post is allowed live and held or removed by the shadow, counted as such."""
    settings = isolated_settings(kafka_bootstrap, http_port=free_port()).model_copy(
        update={"shadow_model_dir": candidate}
    )
    posts = [post(text=text, lang="en") for text in texts]
    with ready_service(settings, tmp_path / "shadow-service.log") as service:
        live = decide_through(settings, posts)
        reader = TopicReader(settings, settings.topic_shadow)
        try:
            reader.wait_for(lambda records: len(records) >= len(posts), timeout=60)
            shadow = {d["post_id"]: d for d in reader.values()}
        finally:
            reader.close()
        lines = [
            f'zeroview_shadow_decisions_total{{live_action="allow",shadow_action="{action}"}} {float(n)}'
            for action, n in Counter(shadow[p["post_id"]]["action"] for p in posts).items()
        ]
        metrics = service.metrics_showing(*lines)
    assert {d["action"] for d in live.values()} == {"allow"}, [
        (d["action"], d["score"], d["reasons"]) for d in live.values()
    ]
    assert {shadow[p["post_id"]]["model_version"] for p in posts} == {"test-candidate"}
    assert all(shadow[p["post_id"]]["action"] in ("hold", "remove") for p in posts), shadow
    assert all(line in metrics for line in lines), lines
