"""The join of standing labels with their posts' evidence, and the export's rows."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

from service.contracts import Evidence, Label
from service.review.export import ExportSummary, row
from service.review.labels import join, latest_evidence, latest_labels

T0 = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def label(post_id: str, verdict: str, minutes: int = 0, source: str = "review") -> Label:
    return Label.model_validate(
        {
            "post_id": post_id,
            "verdict": verdict,
            "source": source,
            "labeled_at": T0 + timedelta(minutes=minutes),
        }
    )


def evidence(post_id: str, action: str = "remove", model_version: str = "m1", text: str = "t") -> Evidence:
    return Evidence(
        post_id=post_id,
        author_id="u-1",
        created_at=T0 - timedelta(hours=1),
        text=text,
        hashtags=["tag"],
        ocr_text=None,
        transcript="spoken",
        lang="en",
        action=action,
        score=0.91,
        model_version=model_version,
        reasons=["model score 0.91 >= remove threshold 0.74"],
        decided_at=T0 - timedelta(minutes=59),
    )


def test_the_latest_verdict_stands_whatever_order_the_labels_arrive_in() -> None:
    labels = [
        label("p1", "violating", minutes=5, source="review"),
        label("p1", "benign", minutes=30, source="appeal"),  # the appeal overturns the review
        label("p2", "benign", minutes=20, source="review"),
        label("p2", "violating", minutes=10, source="report"),  # arrives late, but is older
        label("p3", "benign", minutes=0, source="review"),
        label("p3", "violating", minutes=0, source="audit"),  # same time: the one read later
    ]
    standing = latest_labels(labels)
    assert {post: (lb.verdict, lb.source) for post, lb in standing.items()} == {
        "p1": ("benign", "appeal"),
        "p2": ("benign", "review"),
        "p3": ("violating", "audit"),
    }


def test_since_keeps_posts_whose_standing_verdict_is_that_recent() -> None:
    labels = [
        label("old", "violating", minutes=0),
        label("new", "violating", minutes=0),
        label("new", "benign", 60),
    ]
    assert set(latest_labels(labels, since=T0 + timedelta(minutes=30))) == {"new"}


def test_labels_without_evidence_are_kept_apart_not_dropped() -> None:
    standing = latest_labels([label("p1", "violating"), label("p2", "benign"), label("p3", "violating")])
    kept = latest_evidence(
        [evidence("p1", model_version="old"), evidence("p1", model_version="new"), evidence("p9")]
    )
    joined = join(standing, kept)
    assert [(lb.post_id, ev.model_version) for lb, ev in joined.pairs] == [("p1", "new")]
    assert [lb.post_id for lb in joined.without_evidence] == ["p2", "p3"]


def test_only_the_evidence_of_labelled_posts_is_kept() -> None:
    assert set(latest_evidence([evidence("p1"), evidence("p2")], posts={"p2"})) == {"p2"}


def test_a_row_has_the_text_fields_the_verdict_and_its_provenance_but_no_author() -> None:
    line = row(label("p1", "violating", minutes=3, source="audit"), evidence("p1", action="hold", text="x"))
    assert line["violating"] == 1 and line["schema"] == "labeled_post.v1"
    assert (line["post_id"], line["lang"], line["text"], line["hashtags"], line["transcript"]) == (
        "p1", "en", "x", ["tag"], "spoken",
    )  # fmt: skip
    assert line["ocr_text"] is None and "author_id" not in line
    assert line["provenance"] == {
        "label_source": "audit",
        "labeled_at": "2026-12-01T12:03:00+00:00",
        "model_version": "m1",
        "action": "hold",
        "score": 0.91,
        "decided_at": "2026-12-01T11:01:00+00:00",
    }
    assert row(label("p1", "benign"), evidence("p1"))["violating"] == 0


def test_the_summary_counts_by_verdict() -> None:
    summary = ExportSummary(Path("out.jsonl"))
    summary.exported.update({"violating": 3, "benign": 1})
    summary.without_evidence.update({"violating": 2})
    summary.missing_examples = ["p7", "p8"]
    text = "\n".join(summary.lines())
    assert "exported 4 labelled post(s) to out.jsonl" in text
    assert "labels without evidence: 2" in text and "p7, p8" in text
    assert [line.split() for line in summary.lines() if line.startswith(("violating", "benign"))] == [
        ["violating", "3", "2"],
        ["benign", "1", "0"],
    ]
