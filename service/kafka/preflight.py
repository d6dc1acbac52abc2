"""Start-up checks of TLS and SASL settings that report why the broker refuses us.

kafka-python treats a broker that closes the connection after a failed SASL exchange or TLS
handshake like a broker that is down, and retries forever; an operator with a wrong password or
CA file would only see "Unable to bootstrap". These checks run the TLS handshake and the
SaslHandshake / SaslAuthenticate (v1) exchange once on a plain socket and, if that fails for a
reason retrying cannot fix, raise with the reason. They never log or return a secret.
"""

from __future__ import annotations

import socket
import ssl
import struct
from contextlib import closing
from pathlib import Path

from kafka.net.sasl.scram import ScramClient

from service.errors import KafkaAuthError
from service.settings import Settings

_SASL_HANDSHAKE, _SASL_AUTHENTICATE = 17, 36
_CLIENT_ID = b"zeroview-preflight"


class _Wire:
    """Request/response framing (request header v1, response header v0) on one socket."""

    def __init__(self, sock: socket.socket) -> None:
        self._sock = sock
        self._correlation = 0

    def call(self, api_key: int, version: int, body: bytes) -> bytes:
        self._correlation += 1
        header = struct.pack(">hhih", api_key, version, self._correlation, len(_CLIENT_ID)) + _CLIENT_ID
        frame = header + body
        self._sock.sendall(struct.pack(">i", len(frame)) + frame)
        (size,) = struct.unpack(">i", self._read(4))
        payload = self._read(size)
        (correlation,) = struct.unpack(">i", payload[:4])
        if correlation != self._correlation:
            raise ConnectionError("unexpected correlation id from the broker")
        return payload[4:]

    def _read(self, count: int) -> bytes:
        data = b""
        while len(data) < count:
            chunk = self._sock.recv(count - len(data))
            if not chunk:
                raise ConnectionError("the broker closed the connection")
            data += chunk
        return data


def _string(value: str) -> bytes:
    raw = value.encode()
    return struct.pack(">h", len(raw)) + raw


def _authenticate(wire: _Wire, token: bytes) -> tuple[int, str | None, bytes]:
    """One SaslAuthenticate v1 round: (error code, error message, server bytes)."""
    body = wire.call(_SASL_AUTHENTICATE, 1, struct.pack(">i", len(token)) + token)
    (error_code, message_length) = struct.unpack(">hh", body[:4])
    offset = 4
    message = None
    if message_length >= 0:
        message = body[offset : offset + message_length].decode(errors="replace")
        offset += message_length
    (bytes_length,) = struct.unpack(">i", body[offset : offset + 4])
    return error_code, message, body[offset + 4 : offset + 4 + max(bytes_length, 0)]


def _tls_context(settings: Settings) -> ssl.SSLContext:
    for name in ("ssl_cafile", "ssl_certfile", "ssl_keyfile"):
        path = getattr(settings, f"kafka_{name}")
        if path and not Path(path).is_file():
            raise KafkaAuthError(f"ZEROVIEW_KAFKA_{name.upper()} names no readable file: {path}")
    context = ssl.create_default_context(cafile=settings.kafka_ssl_cafile)
    context.check_hostname = settings.kafka_ssl_check_hostname
    if settings.kafka_ssl_certfile:
        password = settings.kafka_ssl_password.get_secret_value() if settings.kafka_ssl_password else None
        context.load_cert_chain(settings.kafka_ssl_certfile, settings.kafka_ssl_keyfile, password)
    return context


def _connect(settings: Settings, timeout: float) -> socket.socket:
    host, _, port = settings.kafka_bootstrap.split(",")[0].strip().rpartition(":")
    sock = socket.create_connection((host, int(port)), timeout=timeout)
    if settings.kafka_security_protocol in ("SSL", "SASL_SSL"):
        sock = _tls_context(settings).wrap_socket(sock, server_hostname=host)
    return sock


def check_tls(settings: Settings, timeout: float = 5.0) -> None:
    """Raise KafkaAuthError if the first bootstrap broker's TLS handshake fails for good.

    Does nothing without TLS, or when the broker cannot be reached at all.
    """
    if settings.kafka_security_protocol not in ("SSL", "SASL_SSL"):
        return
    where = f"Kafka at {settings.kafka_bootstrap} ({settings.kafka_security_protocol})"
    try:
        with closing(_connect(settings, timeout)):
            return
    except ssl.SSLCertVerificationError as exc:
        raise KafkaAuthError(
            f"{where}: the broker's TLS certificate was not accepted ({exc.verify_message}). "
            "Check ZEROVIEW_KAFKA_SSL_CAFILE and ZEROVIEW_KAFKA_SSL_CHECK_HOSTNAME."
        ) from None
    except ssl.SSLError as exc:
        raise KafkaAuthError(
            f"{where}: the TLS handshake failed ({exc.reason or exc}); is this a TLS listener?"
        ) from None
    except OSError:
        return  # unreachable: the service's normal retry path handles that


def check_sasl_credentials(settings: Settings, timeout: float = 5.0) -> None:
    """Raise KafkaAuthError if the first bootstrap broker rejects our SASL credentials.

    Does nothing without SASL, for mechanisms it cannot speak (GSSAPI, OAUTHBEARER), or when the
    broker cannot be reached at all (the service's normal retry path handles that).
    """
    mechanism = settings.kafka_sasl_mechanism or ""
    if settings.kafka_security_protocol not in ("SASL_PLAINTEXT", "SASL_SSL"):
        return
    if mechanism not in ("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"):
        return
    user = settings.kafka_sasl_plain_username or ""
    password = (
        settings.kafka_sasl_plain_password.get_secret_value() if settings.kafka_sasl_plain_password else ""
    )
    where = f"Kafka at {settings.kafka_bootstrap} ({settings.kafka_security_protocol}, {mechanism})"
    try:
        with closing(_connect(settings, timeout)) as sock:
            wire = _Wire(sock)
            handshake = wire.call(_SASL_HANDSHAKE, 1, _string(mechanism))
            (error_code,) = struct.unpack(">h", handshake[:2])
            if error_code:
                raise KafkaAuthError(
                    f"{where} does not accept SASL mechanism {mechanism} (error {error_code})"
                )
            if mechanism == "PLAIN":
                rounds = [f"\0{user}\0{password}".encode()]
                results = [_authenticate(wire, rounds[0])]
            else:
                scram = ScramClient(user, password, mechanism)
                results = [_authenticate(wire, scram.first_message())]
                if results[0][0] == 0:
                    scram.process_server_first_message(results[0][2])
                    results.append(_authenticate(wire, scram.final_message()))
    except (OSError, ConnectionError, struct.error):
        return  # unreachable or cut off before answering: not a verdict on the credentials
    for error_code, message, _ in results:
        if error_code:
            raise KafkaAuthError(
                f"{where} rejected the credentials of user '{user}': "
                f"{message or f'error code {error_code}'}. "
                "Check ZEROVIEW_KAFKA_SASL_PLAIN_USERNAME and ZEROVIEW_KAFKA_SASL_PLAIN_PASSWORD."
            )
