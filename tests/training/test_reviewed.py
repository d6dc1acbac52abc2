"""Reading `labels export` output as training samples (no Kafka, no training)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from training.reviewed import ReviewedFileError, read_reviewed


def row(post_id: str, violating: int = 1, **changes: Any) -> dict[str, Any]:
    line: dict[str, Any] = {
        "schema": "labeled_post.v1",
        "post_id": post_id,
        "lang": "en",
        "text": f"ivory bangle {post_id}, dm for price",
        "hashtags": ["ivory"],
        "ocr_text": None,
        "transcript": None,
        "violating": violating,
        "provenance": {
            "label_source": "review" if violating else "appeal",
            "labeled_at": f"2026-12-0{1 + int(post_id[2:]) % 5}T10:00:00+00:00",
            "model_version": "2026-12-07.1",
            "action": "hold",
            "score": 0.42,
            "decided_at": "2026-12-01T09:00:00+00:00",
        },
    }
    line.update(changes)
    return line


def write(path: Path, lines: list[Any]) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x)) + "\n" for x in lines))
    return path


def test_reviewed_posts_become_samples_split_mostly_into_train(tmp_path: Path) -> None:
    rows = [row(f"p-{i}") for i in range(40)] + [row(f"p-{i}", 0) for i in range(40, 50)]
    rows.append(row("p-50", lang="pl"))  # a lexicon language not trained here
    rows.append(row("p-51", text=None, hashtags=None))  # nothing to learn from
    path = write(tmp_path / "labels.jsonl", rows)
    reviewed = read_reviewed(path, languages=["en", "vi"])

    assert (reviewed.read, len(reviewed.used)) == (52, 50)
    assert reviewed.not_used == {"in a language not trained": 1, "without text": 1}
    splits = {(r.sample.violating, r.sample.split) for r in reviewed.used}
    counts = {key: sum((r.sample.violating, r.sample.split) == key for r in reviewed.used) for key in splits}
    assert counts == {
        (1, "test"): 4,
        (1, "calib"): 4,
        (1, "train"): 32,
        (0, "test"): 1,
        (0, "calib"): 1,
        (0, "train"): 8,
    }
    violating = next(r.sample for r in reviewed.used if r.post.post_id == "p-0")
    benign = next(r.sample for r in reviewed.used if r.post.post_id == "p-40")
    assert (violating.origin, violating.kind, violating.product, violating.offer) == (
        "reviewed:review",
        "reviewed",
        1,
        1,
    )
    assert (benign.origin, benign.product, benign.offer, benign.violating) == (
        "reviewed:appeal",
        None,
        None,
        0,
    )
    assert violating.text == "ivory bangle p-0, dm for price\n#ivory"  # the service's model_text
    assert read_reviewed(path, languages=["en", "vi"]).in_split("test") == reviewed.in_split("test")  # stable

    card = reviewed.card(20.0)
    assert card["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert card["by_verdict"] == {"benign": 10, "violating": 40}
    assert card["by_label_source"] == {"appeal": 10, "review": 40}
    assert card["labeled_at"] == {"min": "2026-12-01T10:00:00+00:00", "max": "2026-12-05T10:00:00+00:00"}
    assert card["decided_by_model_versions"] == {"2026-12-07.1": 50}
    assert "52 read" in reviewed.summary() and "50 used" in reviewed.summary()


def test_a_tiny_file_trains_on_every_post(tmp_path: Path) -> None:
    reviewed = read_reviewed(write(tmp_path / "labels.jsonl", [row(f"p-{i}") for i in range(9)]))
    assert {r.sample.split for r in reviewed.used} == {"train"}


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        ("", "empty line"),
        (row("p-9", violating=2), "violating"),
        (row("p-9", violating=True), "violating"),
        (row("p-9", schema="label.v1"), "schema"),
        ({k: v for k, v in row("p-9").items() if k != "provenance"}, "provenance"),
        (row("p-9", provenance={**row("p-9")["provenance"], "labeled_at": "yesterday"}), "labeled_at"),
        (row("p-1"), "post p-1 again (first on line 2)"),
    ],
)
def test_a_bad_line_refuses_the_file_naming_the_line(tmp_path: Path, bad: Any, problem: str) -> None:
    path = write(tmp_path / "labels.jsonl", [row("p-0"), row("p-1"), bad, row("p-2")])
    with pytest.raises(ReviewedFileError) as refused:
        read_reviewed(path)
    message = str(refused.value)
    assert f"{path}: 1 bad line(s), nothing trained" in message
    assert "line 3: " in message and problem in message, message


def test_train_with_labels_refuses_a_bad_file_before_training(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from service.cli import main as zeroview

    path = write(tmp_path / "labels.jsonl", [row("p-0"), "{oops"])
    assert zeroview(["train", "--with-labels", str(path), "--out", str(tmp_path / "candidate")]) == 2
    assert "line 2: not JSON" in capsys.readouterr().err
    assert not (tmp_path / "candidate").exists()


def test_train_with_labels_never_writes_over_the_live_model(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from service.cli import main as zeroview
    from service.settings import DEFAULT_MODEL_DIR

    path = write(tmp_path / "labels.jsonl", [row("p-0")])
    card = (DEFAULT_MODEL_DIR / "model-card.json").read_bytes()
    assert zeroview(["train", "--with-labels", str(path), "--out", str(DEFAULT_MODEL_DIR)]) == 2
    assert "is a live model" in capsys.readouterr().err
    assert (DEFAULT_MODEL_DIR / "model-card.json").read_bytes() == card
