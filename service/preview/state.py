"""What the pre-view join remembers per post, bounded by a time-to-live and a size limit."""

from __future__ import annotations

import heapq
import json
from collections import OrderedDict
from dataclasses import asdict, dataclass


@dataclass(slots=True)
class PostState:
    """One post's part of the join. Times are Unix seconds."""

    action: str | None = None  # the model's decision, once seen
    decided_at: float | None = None
    first_viewed_at: float | None = None
    count_due: float | None = None  # an automatic removal waiting out the view grace period
    counted: bool = False  # its removal was counted (automatically or by a human verdict)
    overturned: bool = False
    hold_resolved: bool = False
    updated_at: float = 0.0

    def encode(self) -> bytes:
        return json.dumps(asdict(self), separators=(",", ":")).encode()

    @classmethod
    def decode(cls, raw: bytes) -> PostState:
        return cls(**json.loads(raw))


class PreviewState:
    """Post states in least-recently-updated order, with the removals waiting for their grace period."""

    def __init__(self, ttl_seconds: float, max_posts: int) -> None:
        self.ttl_seconds = ttl_seconds
        self.max_posts = max_posts
        self._posts: OrderedDict[str, PostState] = OrderedDict()
        self._due: list[tuple[float, str]] = []  # (count_due, post_id), lazily cleaned

    def __len__(self) -> int:
        return len(self._posts)

    def get(self, post_id: str) -> PostState | None:
        return self._posts.get(post_id)

    def touch(self, post_id: str, now: float) -> PostState:
        """The post's state, created if new, marked as updated now."""
        state = self._posts.get(post_id)
        if state is None:
            state = self._posts[post_id] = PostState()
        else:
            self._posts.move_to_end(post_id)
        state.updated_at = now
        return state

    def schedule(self, post_id: str, due: float) -> None:
        heapq.heappush(self._due, (due, post_id))

    def put(self, post_id: str, state: PostState | None, now: float) -> None:
        """Restore one entry from the changelog (None deletes it; an expired one is not loaded)."""
        if state is None or now - state.updated_at > self.ttl_seconds:
            self._posts.pop(post_id, None)
            return
        self._posts[post_id] = state
        self._posts.move_to_end(post_id)
        if state.count_due is not None:
            self.schedule(post_id, state.count_due)

    def drop(self, post_ids: set[str]) -> None:
        for post_id in post_ids:
            self._posts.pop(post_id, None)

    def due(self, now: float) -> list[str]:
        """Posts whose grace period has ended (each once)."""
        ready = []
        while self._due and self._due[0][0] <= now:
            due, post_id = heapq.heappop(self._due)
            state = self._posts.get(post_id)
            if state is not None and state.count_due == due:
                ready.append(post_id)
        return ready

    def expired(self, now: float) -> list[str]:
        """Posts past their time-to-live or beyond the size limit, oldest first (not yet removed)."""
        out = []
        over = len(self._posts) - self.max_posts
        for post_id, state in self._posts.items():
            if over > 0 or now - state.updated_at > self.ttl_seconds:
                out.append(post_id)
                over -= 1
            else:
                break
        return out

    def items(self) -> list[tuple[str, PostState]]:
        return list(self._posts.items())
