"""The simulated platform around zeroview: what happens to each post, by the platform's rules.

- The upload pipeline waits up to the publish deadline for a decision; without one the post goes
  live undecided (and a later `remove` takes it down, after whatever views it got).
- `allow` publishes the post; `hold` hides it until a reviewer looks; `remove` never shows it.
- Live posts get a first view a little later (the playback side reports it on `posts.first_views`).
- Reviewers resolve held posts (hidden, so no views); users report live violating posts (with the
  view count at removal); creators appeal removals of lawful posts.
This module is pure: the runner feeds it decisions and the clock and sends the events it returns.
"""

from __future__ import annotations

import heapq
import random
from collections import Counter
from dataclasses import dataclass, field


@dataclass
class SimPost:
    post_id: str
    violating: bool  # ground truth, known to the simulation only
    sent_at: float
    action: str | None = None
    decided_at: float | None = None  # the service's decided_at (its clock)
    live_at: float | None = None
    first_view_at: float | None = None
    views: int = 0
    removed_by_human: bool = False


@dataclass(frozen=True)
class Emit:
    """An event for the runner to produce: a first view or a human label."""

    topic: str  # "views" or "labels"
    body: dict[str, object]


@dataclass
class Expected:
    """What the service should count, from the simulation's own record of every post."""

    removed: Counter[tuple[str, bool]] = field(default_factory=Counter)
    overturned: int = 0
    live_undecided: int = 0

    @property
    def preview_ratio(self) -> float | None:
        total = sum(self.removed.values())
        unviewed = sum(n for (_, viewed), n in self.removed.items() if not viewed)
        return unviewed / total if total else None


class World:
    def __init__(
        self,
        rng: random.Random,
        deadline: float = 2.0,
        view_delay: tuple[float, float] = (0.5, 3.0),
        review_delay: tuple[float, float] = (2.0, 6.0),
        report_delay: tuple[float, float] = (3.0, 8.0),
        appeal_share: float = 0.8,
        reviewer_accuracy: float = 0.97,
    ) -> None:
        self.rng = rng
        self.deadline = deadline
        self.view_delay = view_delay
        self.review_delay = review_delay
        self.report_delay = report_delay
        self.appeal_share = appeal_share
        self.reviewer_accuracy = reviewer_accuracy
        self.posts: dict[str, SimPost] = {}
        self.expected = Expected()
        self._agenda: list[tuple[float, int, str, str]] = []  # (when, seq, what, post_id)
        self._seq = 0

    def _at(self, when: float, what: str, post_id: str) -> None:
        self._seq += 1
        heapq.heappush(self._agenda, (when, self._seq, what, post_id))

    def uploaded(self, post_id: str, violating: bool, now: float) -> None:
        self.posts[post_id] = SimPost(post_id, violating, sent_at=now)
        self._at(now + self.deadline, "deadline", post_id)

    def decided(self, post_id: str, action: str, decided_at: float, now: float) -> None:
        post = self.posts.get(post_id)
        if post is None or post.action is not None:
            return
        post.action, post.decided_at = action, decided_at
        if action == "remove":
            viewed = post.first_view_at is not None and post.first_view_at < decided_at
            self.expected.removed[("auto", viewed)] += 1
            if not post.violating and self.rng.random() < self.appeal_share:
                self._at(now + self.rng.uniform(*self.report_delay), "appeal", post_id)
        elif action == "hold":
            self._at(now + self.rng.uniform(*self.review_delay), "review", post_id)
        elif post.live_at is None:
            self._go_live(post, now)

    def _go_live(self, post: SimPost, now: float) -> None:
        post.live_at = now
        self._at(now + self.rng.uniform(*self.view_delay), "view", post.post_id)
        if post.violating:
            self._at(now + self.rng.uniform(*self.report_delay), "report", post.post_id)

    def advance(self, now: float) -> list[Emit]:
        """Everything due by `now`, as events to produce."""
        out: list[Emit] = []
        while self._agenda and self._agenda[0][0] <= now:
            when, _, what, post_id = heapq.heappop(self._agenda)
            out += getattr(self, f"_on_{what}")(self.posts[post_id], when)
        return out

    @property
    def pending(self) -> int:
        return len(self._agenda)

    def _on_deadline(self, post: SimPost, now: float) -> list[Emit]:
        if post.action is None:  # the pipeline could not wait any longer
            self.expected.live_undecided += 1
            self._go_live(post, now)
        return []

    def _on_view(self, post: SimPost, now: float) -> list[Emit]:
        if post.action == "remove" and post.decided_at is not None and post.decided_at <= now:
            return []  # taken down before anyone saw it
        post.first_view_at, post.views = now, post.views + self.rng.randint(1, 40)
        return [Emit("views", {"schema": "first_view.v1", "post_id": post.post_id, "viewed_at": now})]

    def _on_review(self, post: SimPost, now: float) -> list[Emit]:
        correct = self.rng.random() < self.reviewer_accuracy
        violating = post.violating == correct
        if violating:
            self.expected.removed[("human", False)] += 1  # held posts are hidden: no views
        else:
            self._go_live(post, now)
        return [self._label(post, "violating" if violating else "benign", "review", 0, now)]

    def _on_report(self, post: SimPost, now: float) -> list[Emit]:
        if post.action == "remove" or post.removed_by_human:
            return []
        post.removed_by_human = True
        self.expected.removed[("human", post.views > 0)] += 1
        return [self._label(post, "violating", "report", post.views, now)]

    def _on_appeal(self, post: SimPost, now: float) -> list[Emit]:
        self.expected.overturned += 1
        return [self._label(post, "benign", "appeal", 0, now)]

    @staticmethod
    def _label(post: SimPost, verdict: str, source: str, views: int, now: float) -> Emit:
        return Emit(
            "labels",
            {
                "schema": "label.v1",
                "post_id": post.post_id,
                "verdict": verdict,
                "source": source,
                "labeled_at": now,
                "views_at_removal": views,
            },
        )
