"""Hostile input on the real local Kafka: every record ends in exactly one decision or one DLQ record.

The corpus in tests/support/nasty_payloads.py names each hostile value with the outcome the contract
promises; hypothesis adds random batches whose expected outcome is whatever `decode_event` says, so the
property is: the running service agrees with the decoder, stays up, loses nothing and doubles nothing.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from kafka.consumer.fetcher import ConsumerRecord

from service.kafka import dlq
from service.settings import Settings
from tests.support.kafka_io import TopicReader, post, producer, send_posts, unique
from tests.support.nasty_payloads import MB, Expected, decoder_says, nasty_payloads, promised
from tests.support.service_process import ServiceProcess, http_text

pytestmark = pytest.mark.kafka

CORPUS = nasty_payloads("nasty")


@dataclass
class Ledger:
    """What was sent under which key, and what each key must end in."""

    decide: dict[str, str] = field(default_factory=dict)  # post_id -> what it is
    dead: dict[bytes, tuple[bytes | None, str]] = field(default_factory=dict)  # key -> (value, reason)

    def add(self, key: str, value: bytes | None, expected: Expected, what: str) -> None:
        outcome, detail = expected
        if outcome == "decision":
            assert detail == key, f"{what}: a decided value must carry its key as post_id"
            assert key not in self.decide, f"{what}: post_id {key!r} used twice"
            self.decide[key] = what
        else:
            self.dead[key.encode()] = (value, detail)


@dataclass
class Outcome:
    """What the output topics hold for one batch."""

    decided: Counter[str]  # post_id -> decisions
    dead: list[ConsumerRecord]
    scoring_failed: dict[str, str]  # post_id -> the failure policy's reason

    def assert_scored(self, ledger: Ledger) -> None:
        """Hostile text is truncated or normalised, never a scoring crash left to the failure policy."""
        failed = {
            ledger.decide.get(post_id, post_id): reason for post_id, reason in self.scoring_failed.items()
        }
        assert not failed, f"{len(failed)} posts decided by the failure policy: {list(failed.items())[:5]}"


def account(settings: Settings, ledger: Ledger, mine: str, timeout: float) -> Outcome:
    """Read decisions and the DLQ (read_committed) until every key of the ledger shows up, then to the
    topics' ends, so that duplicates committed by then show up too. `mine` is the key prefix of this
    batch's records."""
    decisions = TopicReader(settings, settings.topic_decisions)
    dead = TopicReader(settings, settings.topic_dlq, decode=lambda record: record)
    decided: Counter[str] = Counter()
    failed: dict[str, str] = {}
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            decisions.poll(50)
            dead.poll(50)
            keys = {json.loads(record.value)["post_id"] for record in decisions.records}
            if ledger.decide.keys() <= keys and ledger.dead.keys() <= {record.key for record in dead.records}:
                break
        decisions.read_to_end()
        dead.read_to_end()
        for record in decisions.records:
            decision = json.loads(record.value)
            decided[decision["post_id"]] += 1
            failed.update(
                (decision["post_id"], r) for r in decision["reasons"] if r.startswith("scoring failed")
            )
    finally:
        decisions.close()
        dead.close()
    ours = {post_id for post_id in decided if post_id in ledger.decide or post_id.startswith(mine)}
    return Outcome(
        decided=Counter({post_id: decided[post_id] for post_id in ours}),
        dead=[record for record in dead.records if record.key and record.key.startswith(mine.encode())],
        scoring_failed={post_id: reason for post_id, reason in failed.items() if post_id in ours},
    )


def assert_accounted(ledger: Ledger, outcome: Outcome) -> None:
    """Each key exactly once, in the right place, with the right reason and the original bytes."""
    decided, dead = outcome.decided, outcome.dead
    dead_keys = Counter(record.key for record in dead)
    missing = [what for post_id, what in ledger.decide.items() if decided[post_id] == 0]
    missing += [key.decode() for key in ledger.dead if dead_keys[key] == 0]
    doubled = [k for k, n in (decided + Counter(k.decode() for k in dead_keys.elements())).items() if n > 1]
    unexpected = [k for k in decided if k not in ledger.decide] + [
        k for k in dead_keys if k not in ledger.dead
    ]
    both = set(decided) & {key.decode() for key in dead_keys}
    assert not (missing or doubled or unexpected or both), (
        f"missing {missing[:10]}, doubled {doubled[:10]}, unexpected {unexpected[:10]}, both {sorted(both)[:10]}"
    )
    for record in dead:
        value, reason = ledger.dead[record.key]
        headers = dict(record.headers)
        assert headers[dlq.REASON].decode() == reason, record.key
        assert record.value == value, f"{record.key!r}: the DLQ must keep the original bytes"


def invalid_counts(service: ServiceProcess) -> Counter[str]:
    pattern = re.compile(
        r'^zeroview_events_invalid_total\{reason="([a-z0-9_]+)"\} ([0-9.e+]+)$', re.MULTILINE
    )
    return Counter(
        {reason: int(float(n)) for reason, n in pattern.findall(http_text(service.url + "/metrics"))}
    )


def test_every_nasty_payload_gets_one_decision_or_one_dlq_record_and_the_service_stays_up(
    running_service: ServiceProcess,
) -> None:
    settings = running_service.settings
    kafka = producer(settings, max_request_size=20 * MB)
    ledger = Ledger()
    for name, nasty in CORPUS.items():
        expected = promised(nasty)
        key = expected[1] if expected[0] == "decision" else f"nasty/{name}"
        ledger.add(key, nasty.value, expected, name)
        kafka.send(
            settings.topic_posts, key=key.encode(), value=nasty.value, headers=[("origin", b"hostile")]
        )
        canary = post(post_id=unique("canary"), text=f"after {name}: selling my bike, 80 EUR")
        ledger.add(canary["post_id"], None, ("decision", canary["post_id"]), f"canary after {name}")
        send_posts(settings, [canary], kafka)  # flushes, so no more than one huge value is in flight
    kafka.close()

    outcome = account(settings, ledger, mine="", timeout=90)
    assert_accounted(ledger, outcome)
    assert all(dict(record.headers).get("origin") == b"hostile" for record in outcome.dead), (
        "original headers are kept"
    )
    assert running_service.alive(), running_service.log()[-4000:]
    in_dlq = Counter(dict(record.headers)[dlq.REASON].decode() for record in outcome.dead)
    deadline = time.monotonic() + 5  # the counters move right after the transaction commits
    while invalid_counts(running_service) != in_dlq and time.monotonic() < deadline:
        time.sleep(0.1)
    assert invalid_counts(running_service) == in_dlq
    outcome.assert_scored(ledger)


# --- the property: random batches -------------------------------------------------------------------

KEY = "<the record's key>"
KNOWN_FIELDS = (
    "schema",
    "post_id",
    "created_at",
    "author_id",
    "text",
    "hashtags",
    "lang",
    "transcript",
    "ocr_text",
)


@dataclass(frozen=True)
class Draft:
    """A value to send; a `post_id` equal to KEY becomes the record's key, so its decision can be matched."""

    body: Any = None
    raw: bytes | None = None
    ascii_only: bool = False
    keep: float = 1.0  # the share of the encoded bytes that is sent (truncation)

    def render(self, key: str) -> bytes:
        if self.raw is not None:
            return self.raw
        body = self.body
        if isinstance(body, dict) and body.get("post_id") == KEY:
            body = {**body, "post_id": key}
        data = json.dumps(body, ensure_ascii=self.ascii_only).encode()
        return data if self.keep >= 1.0 else data[: int(len(data) * self.keep)]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
offsets = st.integers(-(23 * 60 + 59), 23 * 60 + 59).map(lambda minutes: timezone(timedelta(minutes=minutes)))
timestamps = st.datetimes(datetime(1, 1, 2), datetime(9999, 12, 30), timezones=offsets).flatmap(
    lambda moment: st.sampled_from([moment.isoformat(), moment.isoformat().replace("+00:00", "Z")])
)
optional_text = st.none() | st.text()
valid_posts = st.fixed_dictionaries(
    {"post_id": st.just(KEY), "created_at": timestamps},
    optional={
        "schema": st.sampled_from(["post.v1", None]),
        "author_id": optional_text,
        "text": optional_text,
        "hashtags": st.none() | st.lists(st.text(max_size=40), max_size=12),
        "lang": st.none() | st.sampled_from(["en", "pl", "zh", "xx", ""]) | st.text(max_size=5),
        "transcript": optional_text,
        "ocr_text": optional_text,
    },
)
unknown_fields = st.dictionaries(
    st.text(max_size=12).filter(lambda name: name not in KNOWN_FIELDS), json_values, max_size=3
)
posts_with_extras = st.builds(lambda body, extra: {**extra, **body}, valid_posts, unknown_fields)


@st.composite
def mutated_posts(draw: st.DrawFn) -> Draft:
    body = dict(draw(posts_with_extras))
    how = draw(st.sampled_from(["drop_required", "wrong_type", "null", "bad_value", "truncate"]))
    if how == "drop_required":
        del body[draw(st.sampled_from(["post_id", "created_at"]))]
    elif how == "bad_value":
        bad_ids = st.sampled_from(["", "x" * 129]) | st.text(min_size=129, max_size=200)
        bad_times = st.text(max_size=30) | timestamps.map(lambda moment: moment[:19])  # no zone
        target, values = draw(st.sampled_from([("post_id", bad_ids), ("created_at", bad_times)]))
        body[target] = draw(values)
    elif how in ("wrong_type", "null"):
        target = draw(st.sampled_from(KNOWN_FIELDS))
        body[target] = None if how == "null" else draw(json_values.filter(lambda v: not isinstance(v, str)))
    keep = draw(st.floats(0.0, 0.999)) if how == "truncate" else 1.0
    return Draft(body, keep=keep, ascii_only=draw(st.booleans()))


payloads = st.one_of(
    st.builds(Draft, posts_with_extras, ascii_only=st.booleans()),
    mutated_posts(),
    st.builds(Draft, json_values),
    st.builds(Draft, raw=st.binary(max_size=300)),
)


@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.large_base_example,
    ],
)
@given(batch=st.lists(payloads, min_size=20, max_size=40))
def test_random_batches_each_end_as_the_decoder_says_exactly_once(
    running_service: ServiceProcess, batch: list[Draft]
) -> None:
    settings = running_service.settings
    run = unique("h")
    ledger = Ledger()
    records = []
    for index, draft in enumerate(batch):
        key = f"{run}-{index}"
        value = draft.render(key)
        expected = decoder_says(value)
        assume(expected[0] == "dlq" or (expected[1] == key and key not in ledger.decide))
        ledger.add(key, value, expected, f"#{index} {value[:80]!r}")
        event(expected[0] if expected[0] == "decision" else f"dlq: {expected[1]}")
        records.append((key, value))
    kafka = producer(settings)
    for key, value in records:
        kafka.send(settings.topic_posts, key=key.encode(), value=value)
    kafka.close()  # flushes

    outcome = account(settings, ledger, mine=run + "-", timeout=30)
    assert_accounted(ledger, outcome)
    assert running_service.alive(), running_service.log()[-4000:]
    outcome.assert_scored(ledger)
