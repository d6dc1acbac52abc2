"""SASL/SCRAM-SHA-512 against the local broker's SCRAM-only listener; secrets never logged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import localkafka
import pytest
from pydantic import SecretStr

from service.settings import Settings
from tests.support.kafka_io import TopicReader, isolated_settings, post, send_posts
from tests.support.service_process import ServiceProcess, free_port, subprocess_env

pytestmark = pytest.mark.kafka


def scram_settings(password: str) -> Settings:
    broker = localkafka.Broker.from_env()
    return isolated_settings(
        f"127.0.0.1:{broker.scram_port}",
        http_port=free_port(),
        kafka_security_protocol="SASL_PLAINTEXT",
        kafka_sasl_mechanism="SCRAM-SHA-512",
        kafka_sasl_plain_username=localkafka.SCRAM_USER,
        kafka_sasl_plain_password=SecretStr(password),
    )


def test_the_service_works_through_a_scram_only_listener(kafka_bootstrap: str, tmp_path: Path) -> None:
    settings = scram_settings(localkafka.SCRAM_PASSWORD)
    service = ServiceProcess(settings, tmp_path / "service.log")
    try:
        service.wait_ready()
        item = post(text="rhino horn cups, genuine, WhatsApp for price")
        send_posts(settings, [item])
        reader = TopicReader(settings, settings.topic_decisions)
        reader.wait_for(lambda records: len(records) >= 1, timeout=20)
        assert [d["post_id"] for d in reader.values()] == [item["post_id"]]
        reader.close()
    finally:
        service.stop()
    assert localkafka.SCRAM_PASSWORD not in service.log()


def test_a_wrong_password_stops_the_service_with_the_brokers_reason_and_no_secret(tmp_path: Path) -> None:
    secret = "definitely-not-the-password-4711"
    settings = scram_settings(secret)
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", "serve"],
        env=subprocess_env(settings),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert "rejected the credentials of user 'zeroview'" in result.stderr
    assert "invalid credentials" in result.stderr  # the broker's own words
    assert secret not in result.stderr + result.stdout
