"""The bounded wait on a transactional call: it gives up early when no broker is reachable at all,
and otherwise waits its whole timeout."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from kafka.errors import KafkaTimeoutError

from service.kafka import transactions as tx


class _NeverAnswered:
    def wait(self, timeout_ms: int) -> bool:
        return False


def _producer(connections: list[object]) -> SimpleNamespace:
    manager = SimpleNamespace(least_used_connections=lambda: connections)
    return SimpleNamespace(
        _sender=SimpleNamespace(wakeup=lambda: None, _client=SimpleNamespace(_manager=manager))
    )


def test_a_call_gives_up_early_when_no_broker_is_connected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tx, "UNREACHABLE_GIVE_UP_S", 0.3)
    monkeypatch.setattr(tx, "_WAIT_SLICE_MS", 50)
    with pytest.raises(KafkaTimeoutError, match="no broker reachable"):
        tx._await(_producer([]), _NeverAnswered(), "the commit", timeout_s=60)


def test_a_call_with_a_connection_waits_its_whole_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tx, "UNREACHABLE_GIVE_UP_S", 0.1)
    monkeypatch.setattr(tx, "_WAIT_SLICE_MS", 50)
    with pytest.raises(KafkaTimeoutError, match="got no answer from Kafka in 1s"):
        tx._await(_producer([object()]), _NeverAnswered(), "the commit", timeout_s=0.6)


def test_an_unknown_client_shape_counts_as_connected() -> None:
    assert tx._connected(SimpleNamespace(_sender=SimpleNamespace())) is True
