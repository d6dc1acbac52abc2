"""What /healthz and /readyz report: the process is alive; the model is loaded, partitions are
assigned and Kafka answers."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field


@dataclass
class Readiness:
    """Shared between the consumer loop (writer) and the HTTP thread (reader)."""

    kafka_timeout_seconds: float = 15.0
    model_version: str | None = None
    assigned: frozenset[str] = frozenset()
    preview_expected: bool = False
    preview_assigned: bool = False
    _kafka_ok_at: float | None = None
    _kafka_error: str | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def model_loaded(self, version: str) -> None:
        self.model_version = version

    def partitions_assigned(self, partitions: frozenset[str]) -> None:
        with self._lock:
            self.assigned = partitions

    def preview_ready(self, assigned: bool) -> None:
        self.preview_assigned = assigned

    def kafka_ok(self) -> None:
        with self._lock:
            self._kafka_ok_at = time.monotonic()
            self._kafka_error = None

    def kafka_failed(self, error: str) -> None:
        with self._lock:
            self._kafka_error = error

    def problems(self) -> list[str]:
        """Why the service is not ready; empty when it is."""
        with self._lock:
            found = []
            if self.model_version is None:
                found.append("model not loaded")
            if not self.assigned:
                found.append("no input partitions assigned")
            if self.preview_expected and not self.preview_assigned:
                found.append("pre-view tracker not assigned yet")
            if self._kafka_error is not None:
                found.append(f"kafka: {self._kafka_error}")
            elif self._kafka_ok_at is None:
                found.append("kafka: not reached yet")
            elif time.monotonic() - self._kafka_ok_at > self.kafka_timeout_seconds:
                found.append(f"kafka: no successful contact for {self.kafka_timeout_seconds:.0f}s")
            return found

    def is_ready(self) -> bool:
        return not self.problems()
