"""Reviewed posts (`zeroview labels export`'s `labeled_post.v1` lines) as training samples.

Each post becomes a `Sample` with origin `reviewed:<label source>` and kind `reviewed`. A violating
verdict says the post names a protected product and offers it (product 1, offer 1, violating 1); a
benign verdict says only that the post is lawful: whether it names a product in its real sense (news,
a museum piece) or offers something lawful is unknown, so both factor labels are `None` and the post
teaches the trade model alone (`fit.fit_classifier` leaves a `None` label out of that factor's fit).
Per verdict, the `TEST_SHARE` of posts with the lowest hash of their post id go to the test split and
as many again to calibration (rounded down: a file of fewer than 10 posts of a verdict trains on all).
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from service.contracts import PostId, Rfc3339
from service.model.post_text import model_text
from training.dataset import Sample
from training.products import LANGUAGES

ROW_SCHEMA = "labeled_post.v1"
TEST_SHARE = 0.1  # and as much again for calibration
MAX_REPORTED_ERRORS = 10


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class Provenance(_Strict):
    label_source: Literal["review", "report", "appeal", "audit"]
    labeled_at: Rfc3339
    model_version: str
    action: Literal["remove", "hold", "allow"]
    score: float
    decided_at: Rfc3339


class LabeledPost(_Strict):
    """One line of the export (docs/CONTRACT.md, `labels export`)."""

    schema_: Literal["labeled_post.v1"] = Field(alias="schema")
    post_id: PostId
    lang: str | None = None
    text: str | None = None
    hashtags: list[str] | None = None
    ocr_text: str | None = None
    transcript: str | None = None
    violating: Annotated[int, Field(ge=0, le=1)]  # strict: true/false are not 1/0
    provenance: Provenance

    def model_text(self) -> str:
        return model_text(self.text, self.hashtags, self.ocr_text, self.transcript)


class ReviewedFileError(ValueError):
    """The labels file has lines that are not `labeled_post.v1`; the message names each line."""


@dataclass(frozen=True)
class ReviewedPost:
    post: LabeledPost
    sample: Sample


@dataclass
class Reviewed:
    """The reviewed posts of one labels file: those used, and why the others were not."""

    path: Path
    sha256: str
    read: int = 0
    used: list[ReviewedPost] = field(default_factory=list)
    not_used: Counter[str] = field(default_factory=Counter)  # reason -> posts

    @property
    def samples(self) -> list[Sample]:
        return [r.sample for r in self.used]

    def in_split(self, split: str) -> list[ReviewedPost]:
        return [r for r in self.used if r.sample.split == split]

    def summary(self) -> str:
        reasons = ", ".join(f"{n} {reason}" for reason, n in sorted(self.not_used.items()))
        splits = Counter(r.sample.split for r in self.used)
        return (
            f"reviewed posts: {self.read} read from {self.path}, {len(self.used)} used "
            f"(train {splits['train']}, calib {splits['calib']}, test {splits['test']})"
            + (f"; not used: {reasons}" if reasons else "")
        )

    def card(self, weight: float) -> dict[str, Any]:
        """What the model card records of the labels file."""
        posts = [r.post for r in self.used]
        labeled = sorted(p.provenance.labeled_at for p in posts)
        return {
            "file": self.path.name,
            "sha256": self.sha256,
            "reviewed_weight": weight,
            "read": self.read,
            "used": len(posts),
            "not_used": dict(sorted(self.not_used.items())),
            "by_verdict": _counts("violating" if p.violating else "benign" for p in posts),
            "by_label_source": _counts(p.provenance.label_source for p in posts),
            "by_split": _counts(r.sample.split for r in self.used),
            "labeled_at": {
                "min": labeled[0].isoformat() if labeled else None,
                "max": labeled[-1].isoformat() if labeled else None,
            },
            "decided_by_model_versions": _counts(p.provenance.model_version for p in posts),
        }


def _counts(values: Any) -> dict[str, int]:
    return dict(sorted(Counter(values).items()))


def _error(number: int, problem: str) -> str:
    return f"line {number}: {problem}"


def _parse(number: int, line: str) -> LabeledPost | str:
    """The line's post, or what is wrong with it."""
    if not line.strip():
        return _error(number, "empty line")
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return _error(number, f"not JSON ({exc.msg})")
    if not isinstance(data, dict):
        return _error(number, "not a JSON object")
    try:
        return LabeledPost.model_validate(data)
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(map(str, e['loc'])) or 'line'}: {e['msg']}" for e in exc.errors()[:3]
        )
        return _error(number, f"not {ROW_SCHEMA} ({problems})")


def parse_lines(lines: Sequence[str], source: str) -> list[LabeledPost]:
    """Every line as a `LabeledPost`; any bad line (or a repeated post id) refuses the whole file."""
    posts: list[LabeledPost] = []
    errors: list[str] = []
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, 1):
        parsed = _parse(number, line)
        if isinstance(parsed, str):
            errors.append(parsed)
        elif parsed.post_id in first_line:
            errors.append(
                _error(number, f"post {parsed.post_id} again (first on line {first_line[parsed.post_id]})")
            )
        else:
            first_line[parsed.post_id] = number
            posts.append(parsed)
    if errors:
        shown = errors[:MAX_REPORTED_ERRORS]
        more = f"\n  ... and {len(errors) - len(shown)} more" if len(errors) > len(shown) else ""
        raise ReviewedFileError(
            f"{source}: {len(errors)} bad line(s), nothing trained:\n  " + "\n  ".join(shown) + more
        )
    return posts


def _post_hash(post_id: str) -> str:
    return hashlib.sha256(post_id.encode()).hexdigest()


def assign_splits(posts: Sequence[LabeledPost]) -> dict[str, str]:
    """post id -> split: per verdict, the lowest hashes go to test, the next as many to calib."""
    splits: dict[str, str] = {}
    for verdict in (0, 1):
        ranked = sorted((p.post_id for p in posts if p.violating == verdict), key=_post_hash)
        held = int(len(ranked) * TEST_SHARE)
        for rank, post_id in enumerate(ranked):
            splits[post_id] = "test" if rank < held else "calib" if rank < 2 * held else "train"
    return splits


def _language(lang: str | None) -> str:
    return (lang or "und").split("-")[0].split("_")[0].lower() or "und"


def to_sample(post: LabeledPost, split: str, lang: str) -> Sample:
    flag = post.violating
    return Sample(
        post.model_text(), lang, f"reviewed:{post.provenance.label_source}", "reviewed", split,
        flag if flag else None, flag if flag else None, flag,
    )  # fmt: skip


def read_reviewed(path: Path, languages: Sequence[str] | None = None) -> Reviewed:
    """The file's posts as samples; posts without text or in a language not trained (`languages`,
    default every lexicon language) are counted as not used: a reviewed post never adds a language
    the service's guard would then trust. Raises `ReviewedFileError` naming every bad line."""
    trained = set(languages or LANGUAGES)
    raw = path.read_bytes()
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise ReviewedFileError(f"{path}: not UTF-8 (byte {exc.start})") from exc
    posts = parse_lines(lines, str(path))
    reviewed = Reviewed(path, hashlib.sha256(raw).hexdigest(), read=len(posts))
    usable = []
    for post in posts:
        if not post.model_text().strip():
            reviewed.not_used["without text"] += 1
        elif _language(post.lang) not in trained:
            reviewed.not_used["in a language not trained"] += 1
        else:
            usable.append(post)
    splits = assign_splits(usable)
    reviewed.used = [ReviewedPost(p, to_sample(p, splits[p.post_id], _language(p.lang))) for p in usable]
    return reviewed
