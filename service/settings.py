"""Every runtime setting, read once from `ZEROVIEW_*` environment variables at the entry point."""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_MODEL_DIR = REPO_ROOT / "models" / "wildlife-trade"
DEFAULT_INTEL_PATH = REPO_ROOT / "models" / "intel" / "wildlife-codewords.yaml"


class Settings(BaseSettings):
    """The service's configuration; names and defaults follow docs/CONTRACT.md."""

    model_config = SettingsConfigDict(env_prefix="ZEROVIEW_", extra="ignore", protected_namespaces=())

    kafka_bootstrap: str = "127.0.0.1:9092"
    group_id: str = "zeroview"
    # Stable per instance: the transactional id derives from it, so a restarted instance fences
    # its own zombie. Two instances must never share one (set it explicitly beside each other).
    instance_id: str = Field(default_factory=socket.gethostname)

    topic_posts: str = "posts.new"
    topic_decisions: str = "moderation.decisions"
    topic_dlq: str = "posts.new.dlq"
    topic_views: str = "posts.first_views"
    topic_labels: str = "moderation.labels"
    # evidence.v1 for every remove and hold, in the decision's transaction; readable by review only
    topic_evidence: str = "moderation.evidence"
    evidence_retention_ms: int = 90 * 24 * 3600 * 1000
    # decision.v1 of a candidate model scoring the same posts in shadow (never acted on)
    topic_shadow: str = "moderation.shadow-decisions"
    # Internal: the pre-view tracker's compacted state (not part of the contract). Unset, it is
    # `<group id>.preview-state`: a second deployment (another group) never reads this one's state.
    topic_preview_state: str | None = None
    create_topics: bool = True
    topic_partitions: int = 3
    # Posts may carry long transcripts; the topic and the DLQ accept up to this many bytes.
    max_message_bytes: int = 16 * 1024 * 1024

    http_host: str = "127.0.0.1"
    http_port: int = 8000

    model_dir: Path = DEFAULT_MODEL_DIR
    # A candidate that scores every post beside the live model, in its own worker; its decisions go
    # to the shadow topic and to zeroview_shadow_decisions_total, never to the decisions topic.
    shadow_model_dir: Path | None = None
    # The longest the loop waits for the shadow's decisions of a chunk after the live ones are
    # produced; a later (or failed) answer is counted in zeroview_shadow_failures_total and skipped.
    shadow_timeout_seconds: float = 5.0
    intel_path: Path | None = DEFAULT_INTEL_PATH
    intel_reload_seconds: float = 5.0

    # Static membership (group.instance.id = instance id): a restarted instance takes its partitions
    # back at once instead of after a rebalance; one that is gone for good holds them for the
    # session timeout.
    static_membership: bool = True
    session_timeout_ms: int = 10_000

    # The pre-view removal rate (see service/preview/).
    preview_enabled: bool = True
    view_grace_seconds: float = 10.0
    # Allowed posts keep no state; removed and held ones do, about 250 bytes each. A human verdict
    # on an evicted post still counts a removal, but not the hold resolution or overturn it pairs with.
    preview_ttl_seconds: float = 7 * 24 * 3600.0
    preview_max_posts: int = 200_000

    # Score in a worker process, overlapping scoring with the loop's Kafka I/O (off: score in-process).
    scoring_worker: bool = True
    # How many worker processes score side by side, each with its own copy of the model (~170 MB):
    # one keeps one core busy, so one service with one worker could not use a second core.
    scoring_workers: int = Field(default=2, ge=1, le=16)
    max_batch: int = 2000
    poll_timeout_ms: int = 500
    # How long the broker holds a fetch that finds nothing new; data that arrives meanwhile is
    # returned at once, so a longer wait costs no latency and saves waking up when idle.
    fetch_max_wait_ms: int = 500
    fail_mode: Literal["hold", "allow"] = "hold"
    stale_after_seconds: float = 300.0
    retry_backoff_max_seconds: float = 10.0
    # After SIGTERM the current batch may take this long to commit; a Kafka call that has not
    # returned by then (a broker gone mid-transaction) is abandoned and the process exits: the open
    # transaction is aborted by the broker and the batch is consumed again, so nothing is lost or doubled.
    shutdown_grace_seconds: float = 8.0
    # The longest a transactional call (offsets, commit, abort) may wait for Kafka before its batch
    # is given up (see service/kafka/transactions.py): well under the client's 30 s request
    # timeout, after which kafka-python's sender thread can spin a core against a paused broker.
    kafka_call_timeout_seconds: float = 10.0
    # How soon the transactional producer retries a refused request. The first send of a transaction
    # often meets CONCURRENT_TRANSACTIONS (the previous commit's markers are still being written) and
    # waits this long: at kafka-python's 100 ms it was most of the p99 (402 ms at 200 posts/s against
    # 127 ms at 20 ms and 106 ms at 10 ms, one run each on the development machine).
    producer_retry_backoff_ms: int = 10

    # The safety valve (service/moderation/valve.py): above this share of removals among the model's
    # decisions of the last window, removals are committed as holds until the share halves.
    safety_valve_enabled: bool = True
    safety_valve_ceiling: float = 0.2
    safety_valve_window_seconds: float = 300.0
    safety_valve_min_decisions: int = 500
    # ... or above this many times its trailing baseline (the share among older decisions, weighted
    # over the last `..._BASELINE_SECONDS`), from 2% of removals up; 0 turns the baseline trigger off.
    safety_valve_baseline_factor: float = 5.0
    safety_valve_baseline_seconds: float = 86_400.0
    # Bearer token for the admin calls (POST /v1/admin/safety-valve); unset, they are refused.
    admin_token: SecretStr | None = None

    # Kafka security, passed through to kafka-python under its own option names.
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: str | None = None
    kafka_sasl_plain_username: str | None = None
    kafka_sasl_plain_password: SecretStr | None = None
    kafka_ssl_cafile: str | None = None
    kafka_ssl_certfile: str | None = None
    kafka_ssl_keyfile: str | None = None
    kafka_ssl_password: SecretStr | None = None
    kafka_ssl_check_hostname: bool = True

    @property
    def preview_state_topic(self) -> str:
        return self.topic_preview_state or f"{self.group_id}.preview-state"

    @property
    def transactional_id(self) -> str:
        return f"{self.group_id}-{self.instance_id}"

    def kafka_client_options(self) -> dict[str, Any]:
        """Connection and security options shared by every kafka-python client we create."""
        options: dict[str, Any] = {
            "bootstrap_servers": self.kafka_bootstrap.split(","),
            "security_protocol": self.kafka_security_protocol,
        }
        if self.kafka_sasl_mechanism:
            options["sasl_mechanism"] = self.kafka_sasl_mechanism
            options["sasl_plain_username"] = self.kafka_sasl_plain_username
            if self.kafka_sasl_plain_password is not None:
                options["sasl_plain_password"] = self.kafka_sasl_plain_password.get_secret_value()
        if self.kafka_security_protocol in ("SSL", "SASL_SSL"):
            options["ssl_check_hostname"] = self.kafka_ssl_check_hostname
            for name in ("ssl_cafile", "ssl_certfile", "ssl_keyfile"):
                value = getattr(self, f"kafka_{name}")
                if value:
                    options[name] = value
            if self.kafka_ssl_password is not None:
                options["ssl_password"] = self.kafka_ssl_password.get_secret_value()
        return options
