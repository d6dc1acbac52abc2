"""A background check that the cluster answers, so /readyz can turn 503 while Kafka is unreachable.

The consumer's poll() returns nothing both when no posts arrive and when the broker is down;
a metadata round trip every few seconds tells the two apart.
"""

from __future__ import annotations

import logging
import threading

from kafka.admin import KafkaAdminClient
from kafka.errors import KafkaError

from service.health import Readiness
from service.settings import Settings

log = logging.getLogger(__name__)


class KafkaProbe(threading.Thread):
    def __init__(self, settings: Settings, readiness: Readiness, every_seconds: float = 2.0) -> None:
        super().__init__(name="kafka-probe", daemon=True)
        self._settings = settings
        self._readiness = readiness
        self._every = every_seconds
        self._stopped = threading.Event()

    def stop(self) -> None:
        self._stopped.set()

    def run(self) -> None:
        admin: KafkaAdminClient | None = None
        was_ok = True
        while not self._stopped.is_set():
            try:
                if admin is None:
                    admin = KafkaAdminClient(
                        **self._settings.kafka_client_options(),
                        client_id=f"zeroview-probe-{self._settings.instance_id}",
                        request_timeout_ms=max(1000, int(self._every * 1000)),
                        bootstrap_timeout_ms=max(1000, int(self._every * 1000)),
                    )
                admin.describe_cluster()
                self._readiness.kafka_ok()
                if not was_ok:
                    log.info("kafka answers again at %s", self._settings.kafka_bootstrap)
                was_ok = True
            except (KafkaError, OSError) as exc:
                message = f"{type(exc).__name__}: {exc}"[:300]
                self._readiness.kafka_failed(message)
                if was_ok:
                    log.warning("kafka unreachable at %s: %s", self._settings.kafka_bootstrap, message)
                was_ok = False
                if admin is not None:
                    admin.close()
                    admin = None
            self._stopped.wait(self._every)
        if admin is not None:
            admin.close()
