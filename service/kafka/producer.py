"""The transactional producer a loop writes through: made on first use, every transactional call
bounded in time (service/kafka/transactions.py), dropped at once when Kafka stops answering."""

from __future__ import annotations

import logging
from collections.abc import Callable

from kafka import KafkaProducer
from kafka.errors import KafkaError

from service.kafka import transactions as tx

log = logging.getLogger(__name__)


class TransactionalProducer:
    def __init__(self, make: Callable[[], KafkaProducer], call_timeout_s: float) -> None:
        self._make = make
        self.call_timeout_s = call_timeout_s
        self._producer: KafkaProducer | None = None
        self.in_transaction = False

    def ready(self) -> KafkaProducer:
        """The producer, its transactions initialised (which settles any transaction a predecessor
        with this transactional id left open)."""
        if self._producer is None:
            producer = self._make()
            try:
                producer.init_transactions()
            except KafkaError:
                tx.abandon(producer)
                raise
            self._producer = producer
        return self._producer

    def begin(self) -> KafkaProducer:
        producer = self.ready()
        producer.begin_transaction()
        self.in_transaction = True
        return producer

    def commit(self, offsets: tx.Offsets | None, group: object) -> None:
        """Commit the sends and these consumed offsets (if any); CommitOutcomeUnknown if Kafka did not say."""
        producer = self.ready()
        if offsets:
            tx.send_offsets(producer, offsets, group, self.call_timeout_s)
        tx.commit(producer, self.call_timeout_s)
        self.in_transaction = False

    def abort(self) -> bool:
        """Abort the open transaction; False if Kafka did not answer and the producer was dropped
        instead (the broker then aborts it, or the next producer with this transactional id fences it)."""
        aborted = True
        if self._producer is not None and self.in_transaction:
            try:
                tx.abort(self._producer, self.call_timeout_s)
            except KafkaError as exc:
                log.info("abort failed (%s); a fresh producer will fence the old transaction", exc)
                self.close(at_once=True)
                aborted = False
        self.in_transaction = False
        return aborted

    def close(self, at_once: bool = False) -> None:
        if self._producer is not None:
            producer, self._producer = self._producer, None
            if at_once:
                tx.abandon(producer)
            else:
                producer.close(timeout=5)
        self.in_transaction = False
