"""The steady-load sender and reader of the latency phase, on librdkafka (PyPI `confluent-kafka`).

The latency phase measures the service on the same two cores as its load generator. With
kafka-python (pure Python) the bench's sender and reader took ~60% of a core at 1,000 posts/s,
three times the broker's share and as much as both scoring workers together: CPU the service under
test did not get. librdkafka does the same work in C. The service itself keeps kafka-python; only
the bench's own clients differ, and the posts, topics and broker are the same.
"""

from __future__ import annotations

import uuid
from typing import Any

from service.devtools.bench import BenchError
from service.settings import Settings

try:
    from confluent_kafka import Consumer, KafkaError, KafkaException, Producer, TopicPartition
except ImportError as missing:  # the service image installs no dev tools
    raise BenchError(
        "zeroview bench needs the dev extra (confluent-kafka): pip install -e '.[dev]' or make install"
    ) from missing


def rdkafka_options(settings: Settings) -> dict[str, Any]:
    """The settings' connection and security options, as librdkafka names them."""
    options: dict[str, Any] = {
        "bootstrap.servers": settings.kafka_bootstrap,
        "security.protocol": settings.kafka_security_protocol.lower(),
    }
    if settings.kafka_sasl_mechanism:
        options["sasl.mechanism"] = settings.kafka_sasl_mechanism
        options["sasl.username"] = settings.kafka_sasl_plain_username or ""
        if settings.kafka_sasl_plain_password is not None:
            options["sasl.password"] = settings.kafka_sasl_plain_password.get_secret_value()
    if settings.kafka_security_protocol in ("SSL", "SASL_SSL"):
        for name, key in (
            ("ssl_cafile", "ssl.ca.location"),
            ("ssl_certfile", "ssl.certificate.location"),
            ("ssl_keyfile", "ssl.key.location"),
        ):
            if value := getattr(settings, f"kafka_{name}"):
                options[key] = str(value)
        if settings.kafka_ssl_password is not None:
            options["ssl.key.password"] = settings.kafka_ssl_password.get_secret_value()
        if not settings.kafka_ssl_check_hostname:
            options["ssl.endpoint.identification.algorithm"] = "none"
    return options


class SteadyProducer:
    """Sends posts as an upload pipeline would (acks=all, linger 1 ms); delivery errors are kept."""

    def __init__(self, settings: Settings) -> None:
        # linger 1 ms: an upload pipeline batches a little; more would be latency of our own making
        self._producer = Producer({**rdkafka_options(settings), "acks": "all", "linger.ms": 1})
        self.error: KafkaError | None = None

    def _delivered(self, error: KafkaError | None, _message: object) -> None:
        if error is not None and self.error is None:
            self.error = error

    def send(self, topic: str, key: bytes, value: bytes) -> None:
        self._producer.produce(topic, key=key, value=value, on_delivery=self._delivered)
        self._producer.poll(0)  # serve delivery reports without waiting
        if self.error is not None:
            raise KafkaException(self.error)

    def flush(self, timeout_s: float = 30.0) -> None:
        if (left := self._producer.flush(timeout_s)) or self.error is not None:
            raise KafkaException(self.error or f"{left} posts not delivered within {timeout_s:.0f}s")


class EndReader:
    """Reads a topic read_committed from its end as it was when the reader was made (no group)."""

    def __init__(self, settings: Settings, topic: str) -> None:
        self._consumer = Consumer(
            {
                **rdkafka_options(settings),
                "group.id": f"zeroview-bench-reader-{uuid.uuid4().hex[:8]}",  # required; never joined
                "enable.auto.commit": False,
                "isolation.level": "read_committed",
                "fetch.wait.max.ms": 10,
            }
        )
        topics = self._consumer.list_topics(topic, timeout=10).topics
        if topic not in topics or topics[topic].error is not None or not topics[topic].partitions:
            self._consumer.close()
            raise BenchError(f"topic {topic} does not exist")
        # the end offsets now, before any post is produced: assigning "the end" would resolve it
        # at the first fetch, after the first decisions may already be there
        self._consumer.assign(
            [
                TopicPartition(
                    topic, p, self._consumer.get_watermark_offsets(TopicPartition(topic, p), 10)[1]
                )
                for p in sorted(topics[topic].partitions)
            ]
        )

    def poll(self, timeout_ms: int) -> list[tuple[bytes, bytes]]:
        """(key, value) of the records that arrived, waiting at most `timeout_ms` for the first."""
        found = []
        for message in self._consumer.consume(num_messages=10_000, timeout=timeout_ms / 1000):
            if (error := message.error()) is not None:
                raise BenchError(f"reading decisions: {error}")
            found.append((message.key() or b"", message.value() or b""))
        return found

    def close(self) -> None:
        self._consumer.close()
