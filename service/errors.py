"""Every domain error of the service, in one place.

Errors that a caller of the HTTP API can meet carry their status (`ZeroviewError`); the HTTP
layer maps them in one handler. The others stop a command with their message (`ModelArtifactError`,
`KafkaAuthError`) or say why one input was refused (`InvalidEvent`, `IntelListError`).
"""

from __future__ import annotations


class ZeroviewError(Exception):
    status_code = 500

    def __init__(self, message: str, reason: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.reason = reason


class InvalidRequest(ZeroviewError):
    status_code = 422


class PayloadTooLarge(ZeroviewError):
    status_code = 413


class NotAllowed(ZeroviewError):
    """An admin call without the right token, or with admin calls switched off."""

    status_code = 403


class NotReady(ZeroviewError):
    status_code = 503


class ScoringUnavailable(ZeroviewError):
    """Scoring could not answer: the scoring worker exited (`worker_exited`: what it was scoring must
    be scored again by a new worker) or raised on this request (it keeps serving the others)."""

    status_code = 503

    def __init__(self, message: str, worker_exited: bool) -> None:
        super().__init__(message, reason="worker_exited" if worker_exited else "scoring_failed")
        self.worker_exited = worker_exited


class InvalidEvent(ValueError):
    """An input that cannot become an event; carries the DLQ reason and a readable detail."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class ModelArtifactError(RuntimeError):
    """The model directory cannot be used; the message says why and what to do."""


class KafkaAuthError(RuntimeError):
    """Kafka refused our credentials or our TLS settings: retrying will not help."""


class IntelListError(ValueError):
    """The intelligence list file cannot be used; the message names the file and the entry."""


class RestoreTimeout(RuntimeError):
    """A changelog partition could not be read to its end in time (an open transaction?)."""


class ReviewError(RuntimeError):
    """A review tool cannot read what it needs (a topic that does not exist, a read that stalls)."""
