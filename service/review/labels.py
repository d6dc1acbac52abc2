"""Which verdict stands for each post, and the evidence it goes with: the join both review tools use."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from service.contracts import Evidence, Label


def latest_labels(labels: Iterable[Label], since: datetime | None = None) -> dict[str, Label]:
    """The standing verdict per post: the latest `labeled_at` wins, and of two labels with the same
    time the one read later (an appeal decided in the same second as the review it overturns).
    With `since`, only posts whose standing verdict was given at or after it."""
    latest: dict[str, Label] = {}
    for label in labels:
        kept = latest.get(label.post_id)
        if kept is None or label.labeled_at >= kept.labeled_at:
            latest[label.post_id] = label
    if since is not None:
        latest = {post_id: label for post_id, label in latest.items() if label.labeled_at >= since}
    return latest


def latest_evidence(evidence: Iterable[Evidence], posts: set[str] | None = None) -> dict[str, Evidence]:
    """The last evidence written for each post (of `posts` only, if given): a post sent again is
    decided again, and the later decision is the one its label judges."""
    return {item.post_id: item for item in evidence if posts is None or item.post_id in posts}


@dataclass
class Joined:
    """Each standing label with the evidence of its post, and the labels whose post has none (the
    model allowed it, so nothing was kept, or its evidence is past the topic's retention)."""

    pairs: list[tuple[Label, Evidence]] = field(default_factory=list)
    without_evidence: list[Label] = field(default_factory=list)


def join(labels: dict[str, Label], evidence: dict[str, Evidence]) -> Joined:
    joined = Joined()
    for post_id in sorted(labels):
        label = labels[post_id]
        kept = evidence.get(post_id)
        if kept is None:
            joined.without_evidence.append(label)
        else:
            joined.pairs.append((label, kept))
    return joined
