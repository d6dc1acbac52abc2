"""Domain errors that carry their HTTP status; the HTTP layer maps them in one handler."""

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


class NotReady(ZeroviewError):
    status_code = 503
