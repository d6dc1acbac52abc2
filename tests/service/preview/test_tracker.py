"""The pre-view counting rules, on the pure tracker (the Kafka loop around it is tested in integration)."""

from collections import Counter

import pytest

from service.preview.state import PostState, PreviewState
from service.preview.tracker import PreviewTracker

GRACE = 10.0


@pytest.fixture
def tracker() -> PreviewTracker:
    return PreviewTracker(PreviewState(ttl_seconds=3600, max_posts=1000), GRACE)


def counts(tracker: PreviewTracker, now: float) -> tuple[Counter, Counter, Counter]:
    tracker.tick(now)
    effects = tracker.take_effects()
    return effects.removed, effects.overturned, effects.holds_resolved


def test_a_removal_before_any_view_counts_auto_unviewed_after_the_grace_period(
    tracker: PreviewTracker,
) -> None:
    tracker.decision("a", "remove", decided_at=100, now=100)
    assert counts(tracker, 100 + GRACE - 0.1) == (Counter(), Counter(), Counter())
    assert counts(tracker, 100 + GRACE)[0] == {("auto", False): 1}
    assert counts(tracker, 1000)[0] == {}, "never twice"


def test_a_late_view_dated_before_the_decision_makes_it_a_viewed_removal(tracker: PreviewTracker) -> None:
    tracker.decision("c", "remove", decided_at=100, now=100)
    tracker.first_view("c", viewed_at=99, now=105)  # arrives after the decision, happened before it
    assert counts(tracker, 111)[0] == {("auto", True): 1}


def test_a_view_after_the_decision_does_not_make_it_viewed(tracker: PreviewTracker) -> None:
    tracker.decision("c", "remove", decided_at=100, now=100)
    tracker.first_view("c", viewed_at=101, now=102)
    assert counts(tracker, 111)[0] == {("auto", False): 1}


def test_a_view_reported_after_the_grace_period_is_too_late(tracker: PreviewTracker) -> None:
    tracker.decision("c", "remove", decided_at=100, now=100)
    assert counts(tracker, 111)[0] == {("auto", False): 1}
    tracker.first_view("c", viewed_at=99, now=120)
    assert counts(tracker, 121)[0] == {}


def test_the_grace_period_starts_when_the_tracker_learns_of_the_decision(tracker: PreviewTracker) -> None:
    tracker.decision("c", "remove", decided_at=100, now=500)  # the tracker was behind
    tracker.first_view("c", viewed_at=99, now=505)
    assert counts(tracker, 509)[0] == {}
    assert counts(tracker, 510)[0] == {("auto", True): 1}


def test_held_then_confirmed_counts_a_human_removal_and_a_resolved_hold(tracker: PreviewTracker) -> None:
    tracker.decision("d", "hold", decided_at=100, now=100)
    tracker.label("d", "violating", "review", views_at_removal=0, now=200)
    assert counts(tracker, 200) == ({("human", False): 1}, Counter(), {"violating": 1})


def test_held_then_cleared_counts_a_benign_resolution_only(tracker: PreviewTracker) -> None:
    tracker.decision("h", "hold", decided_at=100, now=100)
    tracker.label("h", "benign", "review", views_at_removal=0, now=200)
    tracker.label("h", "benign", "audit", views_at_removal=0, now=300)
    assert counts(tracker, 300) == (Counter(), Counter(), {"benign": 1})


def test_allowed_then_reported_with_views_counts_a_viewed_human_removal_once(tracker: PreviewTracker) -> None:
    tracker.decision("e", "allow", decided_at=100, now=100)
    tracker.first_view("e", viewed_at=150, now=150)
    tracker.label("e", "violating", "report", views_at_removal=57, now=900)
    tracker.label("e", "violating", "audit", views_at_removal=60, now=950)
    assert counts(tracker, 1000) == ({("human", True): 1}, Counter(), Counter())


def test_removed_then_overturned_counts_the_removal_and_the_overturn(tracker: PreviewTracker) -> None:
    tracker.decision("f", "remove", decided_at=100, now=100)
    assert counts(tracker, 111)[0] == {("auto", False): 1}
    tracker.label("f", "benign", "appeal", views_at_removal=0, now=300)
    tracker.label("f", "benign", "audit", views_at_removal=0, now=400)
    assert counts(tracker, 400) == (Counter(), {"appeal": 1}, Counter())


def test_a_human_label_on_a_removal_still_in_its_grace_period_is_not_counted_again(
    tracker: PreviewTracker,
) -> None:
    tracker.decision("g", "remove", decided_at=100, now=100)
    tracker.label("g", "violating", "review", views_at_removal=0, now=105)
    assert counts(tracker, 111)[0] == {("auto", False): 1}


def test_a_replayed_decision_changes_nothing(tracker: PreviewTracker) -> None:
    tracker.decision("a", "remove", decided_at=100, now=100)
    tracker.decision("a", "remove", decided_at=100, now=101)
    assert counts(tracker, 200)[0] == {("auto", False): 1}


def test_allowed_posts_keep_no_state_and_their_views_create_none(tracker: PreviewTracker) -> None:
    tracker.first_view("early", viewed_at=99, now=99)  # published undecided, then allowed
    tracker.decision("early", "allow", decided_at=100, now=100)
    tracker.decision("x", "allow", decided_at=100, now=100)
    tracker.first_view("x", viewed_at=101, now=101)
    effects = tracker.take_effects()
    assert len(tracker.state) == 0 and "early" in effects.evicted


def test_state_is_bounded_and_a_removal_evicted_while_waiting_is_counted_not_lost() -> None:
    tracker = PreviewTracker(PreviewState(ttl_seconds=50, max_posts=2), GRACE)
    tracker.decision("old", "remove", decided_at=0, now=0)
    tracker.decision("h1", "hold", decided_at=1, now=1)
    tracker.decision("h2", "hold", decided_at=2, now=2)
    tracker.tick(3)  # over the size limit: the oldest goes, its pending removal counted
    effects = tracker.take_effects()
    assert effects.removed == {("auto", False): 1} and effects.evicted == {"old"}
    assert len(tracker.state) == 2
    tracker.tick(60)  # past the time-to-live
    assert tracker.take_effects().evicted == {"h1", "h2"} and len(tracker.state) == 0


def test_post_state_round_trips_through_the_changelog_encoding() -> None:
    state = PostState(action="remove", decided_at=1.5, first_viewed_at=None, count_due=11.5, updated_at=2)
    assert PostState.decode(state.encode()) == state


def test_a_restore_does_not_load_entries_past_their_time_to_live() -> None:
    state = PreviewState(ttl_seconds=100, max_posts=10)
    state.put("old", PostState(action="hold", updated_at=0), now=500)
    state.put("fresh", PostState(action="hold", updated_at=450), now=500)
    state.put("gone", None, now=500)
    assert [post_id for post_id, _ in state.items()] == ["fresh"]
