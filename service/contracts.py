"""The message shapes of docs/CONTRACT.md and the one place raw Kafka bytes become a `Post`."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Literal, TypeVar

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from service.errors import InvalidEvent

PostId = Annotated[str, Field(min_length=1, max_length=128)]

# The DLQ reasons; also the `reason` label values of zeroview_events_invalid_total.
INVALID_REASONS = (
    "invalid_utf8",
    "invalid_json",
    "not_an_object",
    "missing_field",
    "wrong_type",
    "invalid_value",
    "unsupported_schema",
)


_RFC3339 = re.compile(
    r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:(?P<second>\d{2})(?:\.\d{1,9})?(?:[Zz]|[+-]\d{2}:\d{2})"
)


_BEYOND_MICROSECONDS = re.compile(r"(\.\d{6})\d+")


def _rfc3339(value: object) -> object:
    """RFC 3339 date-times only: not epoch digits, not minutes without seconds, not `+0530`."""
    if not isinstance(value, str):
        return value  # strict validation then reports the wrong type
    match = _RFC3339.fullmatch(value)
    if match is None:
        raise ValueError("not an RFC 3339 date-time (e.g. 2026-11-20T12:00:00Z)")
    text = _BEYOND_MICROSECONDS.sub(r"\1", value.replace("z", "Z").replace("t", "T"))
    if match["second"] == "60":  # a leap second is valid RFC 3339; Python's datetime stops at :59.999999
        return datetime.fromisoformat(
            text[: match.start("second")] + "59" + text[match.end("second") :]
        ).replace(microsecond=999_999)
    return datetime.fromisoformat(text)


Rfc3339 = Annotated[AwareDatetime, BeforeValidator(_rfc3339)]


class _Event(BaseModel):
    # strict: a number is not a string and an epoch integer is not an RFC 3339 timestamp; only the
    # wire names fill fields (an unknown "schema_" key is ignored like any other).
    model_config = ConfigDict(strict=True, extra="ignore", frozen=True)


class Post(_Event):
    """`post.v1`: a new post from the upload pipeline. Every text field is optional."""

    schema_: Literal["post.v1"] | None = Field(default=None, alias="schema")
    post_id: PostId
    created_at: Rfc3339
    author_id: str | None = None
    text: str | None = None
    hashtags: list[str] | None = None
    lang: str | None = None
    transcript: str | None = None
    ocr_text: str | None = None


class FirstView(_Event):
    """`first_view.v1`: the first time a post was shown to anyone."""

    schema_: Literal["first_view.v1"] | None = Field(default=None, alias="schema")
    post_id: PostId
    viewed_at: Rfc3339


class Label(_Event):
    """`label.v1`: a later human verdict on a post."""

    schema_: Literal["label.v1"] | None = Field(default=None, alias="schema")
    post_id: PostId
    verdict: Literal["violating", "benign"]
    source: Literal["review", "report", "appeal", "audit"]
    labeled_at: Rfc3339
    views_at_removal: Annotated[int, Field(ge=0)] = 0


MAX_POSTS_PER_REQUEST = 1000


class ScoreRequest(_Event):
    """The body of POST /v1/score: a batch of `post.v1` events."""

    posts: Annotated[list[Post], Field(min_length=1, max_length=MAX_POSTS_PER_REQUEST)]


Action = Literal["remove", "hold", "allow"]


class Decision(BaseModel):
    """`decision.v1`: exactly one per post."""

    model_config = ConfigDict(populate_by_name=True)

    schema_: Literal["decision.v1"] = Field(default="decision.v1", alias="schema")
    post_id: str
    action: Action
    policy: Literal["wildlife_trade"] = "wildlife_trade"
    score: float
    model_version: str
    thresholds: dict[str, float]
    reasons: list[str]
    event_created_at: datetime
    decided_at: datetime
    decision_latency_seconds: float

    def to_json_bytes(self) -> bytes:
        return self.model_dump_json(by_alias=True).encode()


class Evidence(BaseModel):
    """`evidence.v1`: for every `remove` and `hold`, what reviewers and referrals need, written to the
    evidence topic in the same transaction as the decision (docs/CONTRACT.md)."""

    model_config = ConfigDict(populate_by_name=True)

    schema_: Literal["evidence.v1"] = Field(default="evidence.v1", alias="schema")
    post_id: str
    author_id: str | None
    created_at: datetime
    text: str | None
    hashtags: list[str] | None
    ocr_text: str | None
    transcript: str | None
    lang: str | None
    action: Action
    score: float
    model_version: str
    reasons: list[str]  # the matched terms and cues, as the decision gives them
    decided_at: datetime

    @classmethod
    def of(cls, post: Post, decision: Decision) -> Evidence:
        fields = ("author_id", "created_at", "text", "hashtags", "ocr_text", "transcript", "lang")
        judged = ("post_id", "action", "score", "model_version", "reasons", "decided_at")
        return cls(**post.model_dump(include=set(fields)), **decision.model_dump(include=set(judged)))

    def to_json_bytes(self) -> bytes:
        return self.model_dump_json(by_alias=True).encode()


E = TypeVar("E", bound=_Event)


def _reason_for(error: ValidationError) -> InvalidEvent:
    first = error.errors(include_url=False)[0]
    kind, loc = first["type"], ".".join(str(part) for part in first["loc"])
    if kind == "json_invalid":
        reason = "invalid_json"
    elif kind in ("model_type", "model_attributes_type"):
        reason = "not_an_object"
    elif kind == "missing":
        reason = "missing_field"
    elif loc == "schema":
        reason = "unsupported_schema"
    elif kind.endswith("_type"):
        reason = "wrong_type"
    else:
        reason = "invalid_value"
    where = f" at '{loc}'" if loc else ""
    return InvalidEvent(reason, f"{first['msg']}{where} ({error.error_count()} error(s))"[:500])


def decode_event(model: type[E], raw: bytes | None) -> E:
    """Parse and validate one Kafka value, or raise InvalidEvent with the DLQ reason."""
    if raw is None:
        raise InvalidEvent("invalid_json", "the record has no value (tombstone)")
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidEvent("invalid_utf8", f"byte {exc.start}: {exc.reason}") from None
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        raise _reason_for(exc) from None


def utc_now() -> datetime:
    return datetime.now(UTC)
