"""SASL/SCRAM-SHA-512 and TLS against the local broker's SCRAM-only and TLS listeners; secrets never logged."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import localkafka
import pytest
from pydantic import SecretStr

from service.devtools.bench.processes import free_port
from service.settings import Settings
from tests.support.kafka_io import TopicReader, isolated_settings, post, send_posts
from tests.support.service_process import ServiceProcess, ready_service, subprocess_env

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


def decide_one_post_through(settings: Settings, log_path: Path) -> ServiceProcess:
    """Start the service with `settings`, send one post the same way, wait for its decision."""
    with ready_service(settings, log_path) as service:
        item = post(text="rhino horn cups, genuine, WhatsApp for price")
        send_posts(settings, [item])
        reader = TopicReader(settings, settings.topic_decisions)
        reader.wait_for(lambda records: len(records) >= 1, timeout=90)
        assert [d["post_id"] for d in reader.values()] == [item["post_id"]]
        reader.close()
    return service


def serve_until_it_exits(settings: Settings) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", "serve"],
        env=subprocess_env(settings),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_the_service_works_through_a_scram_only_listener(kafka_bootstrap: str, tmp_path: Path) -> None:
    service = decide_one_post_through(scram_settings(localkafka.SCRAM_PASSWORD), tmp_path / "service.log")
    assert localkafka.SCRAM_PASSWORD not in service.log()


def test_a_wrong_password_stops_the_service_with_the_brokers_reason_and_no_secret(tmp_path: Path) -> None:
    secret = "definitely-not-the-password-4711"
    result = serve_until_it_exits(scram_settings(secret))
    assert result.returncode == 2
    assert "rejected the credentials of user 'zeroview'" in result.stderr
    assert "invalid credentials" in result.stderr  # the broker's own words
    assert secret not in result.stderr + result.stdout


def tls_settings(cafile: Path | None) -> Settings:
    broker = localkafka.Broker.from_env()
    assert broker.tls_port is not None and broker.ca_file.exists(), (
        "the local broker has no TLS listener: restart it (make kafka-stop && make kafka)"
    )
    return isolated_settings(
        f"127.0.0.1:{broker.tls_port}",
        http_port=free_port(),
        kafka_security_protocol="SSL",
        kafka_ssl_cafile=str(cafile) if cafile else None,
    )


def test_the_service_works_through_a_tls_listener(kafka_bootstrap: str, tmp_path: Path) -> None:
    decide_one_post_through(tls_settings(localkafka.Broker.from_env().ca_file), tmp_path / "service.log")


def test_an_untrusted_broker_certificate_stops_the_service_with_the_reason(
    kafka_bootstrap: str, tmp_path: Path
) -> None:
    # The system's trust store does not know the local broker's self-signed certificate.
    result = serve_until_it_exits(tls_settings(None))
    assert result.returncode == 2, result.stderr[-2000:]
    assert "TLS certificate was not accepted" in result.stderr
    assert "self-signed certificate" in result.stderr  # OpenSSL's own words


def test_a_missing_ca_file_is_named_in_the_error(kafka_bootstrap: str, tmp_path: Path) -> None:
    result = serve_until_it_exits(tls_settings(tmp_path / "no-such-ca.pem"))
    assert result.returncode == 2, result.stderr[-2000:]
    assert "ZEROVIEW_KAFKA_SSL_CAFILE names no readable file" in result.stderr
