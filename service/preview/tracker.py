"""The pre-view removal join: decisions, first views and human labels in, counts out.

Counting rules (docs/CONTRACT.md, "the headline metric"):
- an automatic removal counts `stage=auto` once its view grace period has passed, with
  `viewed_before_removal=true` when a first view dated before the decision is known by then;
- a human `violating` label counts `stage=human`, viewed when `views_at_removal > 0`, unless the
  post was already counted as removed (a post is never counted twice);
- a `benign` label on a post the model removed counts as an overturned removal, by source;
- a label on a held post counts that hold as resolved, by verdict.
The tracker is pure: it changes state and returns effects; the loop persists and applies them.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from dataclasses import dataclass, field

from service.preview.state import PostState, PreviewState


@dataclass
class Effects:
    """Counter increments and the posts whose state changed, from one batch of events."""

    removed: Counter[tuple[str, bool]] = field(default_factory=Counter)  # (stage, viewed) -> n
    overturned: Counter[str] = field(default_factory=Counter)  # source -> n
    holds_resolved: Counter[str] = field(default_factory=Counter)  # verdict -> n
    changed: set[str] = field(default_factory=set)
    evicted: set[str] = field(default_factory=set)

    @property
    def counts_changed(self) -> bool:
        return bool(self.removed or self.overturned or self.holds_resolved)


# Allowed posts keep no state (a later violating label counts them as not yet removed either
# way); this bounded memory of recent ones stops their first views from creating state.
RECENTLY_ALLOWED = 200_000


class PreviewTracker:
    def __init__(self, state: PreviewState, grace_seconds: float) -> None:
        self.state = state
        self.grace_seconds = grace_seconds
        self.effects = Effects()
        self._allowed: OrderedDict[str, None] = OrderedDict()

    def take_effects(self) -> Effects:
        effects, self.effects = self.effects, Effects()
        return effects

    def _touch(self, post_id: str, now: float) -> PostState:
        self.effects.changed.add(post_id)
        return self.state.touch(post_id, now)

    def decision(self, post_id: str, action: str, decided_at: float, now: float) -> None:
        if action == "allow":
            self._allowed[post_id] = None
            if len(self._allowed) > RECENTLY_ALLOWED:
                self._allowed.popitem(last=False)
            if self.state.get(post_id) is not None:  # an early view, now irrelevant
                self.state.drop({post_id})
                self.effects.evicted.add(post_id)
                self.effects.changed.discard(post_id)
            return
        post = self._touch(post_id, now)
        if post.action is not None:
            return  # exactly one decision per post; a replay changes nothing
        post.action, post.decided_at = action, decided_at
        if action == "remove" and not post.counted:
            # wait for views that the playback side reports late; counted from when we learnt of it
            post.count_due = max(decided_at, now) + self.grace_seconds
            self.state.schedule(post_id, post.count_due)

    def first_view(self, post_id: str, viewed_at: float, now: float) -> None:
        if post_id in self._allowed and self.state.get(post_id) is None:
            return
        post = self._touch(post_id, now)
        if post.first_viewed_at is None or viewed_at < post.first_viewed_at:
            post.first_viewed_at = viewed_at

    def label(self, post_id: str, verdict: str, source: str, views_at_removal: int, now: float) -> None:
        post = self._touch(post_id, now)
        if verdict == "violating":
            if not post.counted and post.count_due is None:
                post.counted = True
                self.effects.removed[("human", views_at_removal > 0)] += 1
        elif post.action == "remove" and not post.overturned:
            post.overturned = True
            self.effects.overturned[source] += 1
        if post.action == "hold" and not post.hold_resolved:
            post.hold_resolved = True
            self.effects.holds_resolved[verdict] += 1

    def tick(self, now: float) -> None:
        """Count the automatic removals whose grace period has ended; evict by age and size."""
        for post_id in self.state.due(now):
            self._count_auto(post_id)
        for post_id in self.state.expired(now):
            self._count_auto(post_id)  # a removal evicted while waiting is counted, not lost
            self.effects.evicted.add(post_id)
            self.effects.changed.discard(post_id)
        self.state.drop(self.effects.evicted)

    def _count_auto(self, post_id: str) -> None:
        post = self.state.get(post_id)
        if post is None or post.count_due is None or post.counted:
            return
        assert post.decided_at is not None
        viewed = post.first_viewed_at is not None and post.first_viewed_at < post.decided_at
        post.counted, post.count_due = True, None
        self.effects.removed[("auto", viewed)] += 1
        self.effects.changed.add(post_id)
