"""Start, stop and probe a real single-node Apache Kafka (KRaft) broker on 127.0.0.1.

Used by `make kafka` / `make kafka-stop` and by the tests that stop the broker on purpose.
The jars come from Maven Central (see pom.xml) into a cache folder on first use; the log dir
is formatted once and kept across restarts, so a stopped broker comes back with its data.

The broker has three client listeners: PLAINTEXT on KAFKA_PORT (default 9092), SASL_PLAINTEXT
with SCRAM-SHA-512 only on KAFKA_SCRAM_PORT (default KAFKA_PORT + 2), whose user is created by the
storage formatter, and SSL on KAFKA_TLS_PORT (default KAFKA_PORT + 3) with a self-signed
certificate for 127.0.0.1/localhost made by the JDK's keytool on first start; clients trust it
through `tls/ca.pem` in the broker's folder.
"""

from __future__ import annotations

import argparse
import base64
import os
import signal
import socket
import struct
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
SCRAM_USER = "zeroview"
SCRAM_PASSWORD = "zeroview-local-secret"
TLS_STORE_PASSWORD = "zeroview-local-tls"  # protects a throw-away key for 127.0.0.1 only


@dataclass(frozen=True)
class Broker:
    """Where one local broker lives: ports and folders."""

    port: int
    scram_port: int
    controller_port: int
    cache: Path
    tls_port: int | None = None  # no TLS listener when None  # jars live here, shared by every broker
    data_root: Path | None = None  # broker homes (config, data, log); default: the cache

    @classmethod
    def from_env(cls) -> Broker:
        port = int(os.environ.get("KAFKA_PORT", "9092"))
        return cls(
            port=port,
            scram_port=int(os.environ.get("KAFKA_SCRAM_PORT", str(port + 2))),
            controller_port=int(os.environ.get("KAFKA_CONTROLLER_PORT", str(port + 1))),
            tls_port=int(os.environ.get("KAFKA_TLS_PORT", str(port + 3))),
            cache=Path(os.environ.get("KAFKA_CACHE", ROOT / ".cache" / "kafka")).resolve(),
        )

    @property
    def jars(self) -> Path:
        return self.cache / "jars"

    @property
    def home(self) -> Path:
        return (self.data_root or self.cache) / f"broker-{self.port}"

    @property
    def pid_file(self) -> Path:
        return self.home / "broker.pid"

    @property
    def log_file(self) -> Path:
        return self.home / "broker.log"

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def keystore(self) -> Path:
        return self.home / "tls" / "broker.p12"

    @property
    def ca_file(self) -> Path:
        """The broker certificate in PEM: what a TLS client must trust."""
        return self.home / "tls" / "ca.pem"


def fetch_jars(broker: Broker) -> None:
    """Copy the broker's jars from Maven Central into the cache (first run only)."""
    marker = broker.jars / ".complete"
    if marker.exists():
        return
    print(f"localkafka: fetching Apache Kafka jars from Maven Central into {broker.jars}", flush=True)
    broker.jars.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "mvn",
            "-q",
            "-B",
            "-f",
            str(HERE / "pom.xml"),
            "dependency:copy-dependencies",
            f"-DoutputDirectory={broker.jars}",
            "-DincludeScope=runtime",
        ],
        check=True,
    )
    marker.touch()


def make_tls_material(broker: Broker) -> None:
    """A self-signed key pair for 127.0.0.1 and localhost (keystore + PEM certificate), once."""
    if broker.keystore.exists() and broker.ca_file.exists():
        return
    broker.keystore.parent.mkdir(parents=True, exist_ok=True)
    broker.keystore.unlink(missing_ok=True)
    store = ["-keystore", str(broker.keystore), "-storetype", "PKCS12", "-storepass", TLS_STORE_PASSWORD]
    for action in (
        ["-genkeypair", "-keyalg", "RSA", "-keysize", "2048", "-validity", "3650", "-dname", "CN=localhost",
         "-ext", "SAN=ip:127.0.0.1,dns:localhost"],
        ["-exportcert", "-rfc", "-file", str(broker.ca_file)],
    ):  # fmt: skip
        subprocess.run(
            ["keytool", *action, "-alias", "broker", *store],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )


def _listeners(broker: Broker) -> tuple[str, str, str]:
    """(listeners, advertised.listeners, listener.security.protocol.map)."""
    clients = [f"PLAINTEXT://127.0.0.1:{broker.port}", f"SASL_PLAINTEXT://127.0.0.1:{broker.scram_port}"]
    protocols = "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT"
    if broker.tls_port is not None:
        clients.append(f"SSL://127.0.0.1:{broker.tls_port}")
        protocols += ",SSL:SSL"
    controller = f"CONTROLLER://127.0.0.1:{broker.controller_port}"
    return ",".join([clients[0], controller, *clients[1:]]), ",".join(clients), protocols


def server_properties(broker: Broker) -> str:
    data = broker.home / "data"
    listeners, advertised, protocols = _listeners(broker)
    tls = (
        f"""\
listener.name.ssl.ssl.keystore.type=PKCS12
listener.name.ssl.ssl.keystore.location={broker.keystore}
listener.name.ssl.ssl.keystore.password={TLS_STORE_PASSWORD}
listener.name.ssl.ssl.key.password={TLS_STORE_PASSWORD}
"""
        if broker.tls_port is not None
        else ""
    )
    return f"""\
process.roles=broker,controller
node.id=1
controller.quorum.bootstrap.servers=127.0.0.1:{broker.controller_port}
listeners={listeners}
advertised.listeners={advertised}
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map={protocols}
sasl.enabled.mechanisms=SCRAM-SHA-512
listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;
{tls}log.dirs={data}
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
offsets.topic.num.partitions=10
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=10
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
transaction.abort.timed.out.transaction.cleanup.interval.ms=5000
log.retention.hours=24
"""


LOG4J2 = """\
Configuration:
  status: warn
  Appenders:
    Console:
      name: STDOUT
      PatternLayout:
        pattern: "[%d] %p %m (%c)%n"
  Loggers:
    Root:
      level: WARN
      AppenderRef:
        - ref: STDOUT
    Logger:
      - name: kafka.server.KafkaRaftServer
        level: INFO
"""


def _classpath(broker: Broker) -> str:
    return str(broker.jars / "*")


def new_cluster_id() -> str:
    """A random KRaft cluster id that does not start with "-" (as Kafka's Uuid.randomUuid): the
    storage tool would read "-t -abc..." as a missing argument, failing 1 format in 32."""
    while (cluster_id := base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")).startswith("-"):
        pass
    return cluster_id


def format_storage(broker: Broker) -> None:
    """Write the config and format the KRaft log dir, unless it was formatted before."""
    broker.home.mkdir(parents=True, exist_ok=True)
    if broker.tls_port is not None:
        make_tls_material(broker)
    (broker.home / "server.properties").write_text(server_properties(broker))
    (broker.home / "log4j2.yaml").write_text(LOG4J2)
    if (broker.home / "data" / "meta.properties").exists():
        return
    cluster_id = new_cluster_id()
    subprocess.run(
        [
            "java",
            "-cp",
            _classpath(broker),
            "kafka.tools.StorageTool",
            "format",
            "-t",
            cluster_id,
            "-c",
            str(broker.home / "server.properties"),
            "--standalone",
            "--add-scram",
            f"SCRAM-SHA-512=[name={SCRAM_USER},password={SCRAM_PASSWORD}]",
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )


def _request(port: int, api_key: int, api_version: int, body: bytes, timeout: float) -> bytes | None:
    """Send one request (header v1) and return the response payload after the correlation id."""
    client_id = b"localkafka"
    frame = struct.pack(">hhih", api_key, api_version, 7, len(client_id)) + client_id + body
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(struct.pack(">i", len(frame)) + frame)
            payload = b""
            size = None
            while size is None or len(payload) < size + 4:
                chunk = sock.recv(65536)
                if not chunk:
                    return None
                payload += chunk
                if size is None and len(payload) >= 4:
                    (size,) = struct.unpack(">i", payload[:4])
    except OSError:
        return None
    (correlation_id,) = struct.unpack(">i", payload[4:8])
    return payload[8:] if correlation_id == 7 else None


def answers_metadata(port: int, timeout: float = 1.0) -> bool:
    """True when a broker on 127.0.0.1:port answers a Metadata request listing itself.

    Plain socket code (Metadata v4, all topics) so that `make kafka` needs only the stdlib.
    """
    body = struct.pack(">i?", -1, False)  # topics = null (all), allow_auto_topic_creation
    response = _request(port, api_key=3, api_version=4, body=body, timeout=timeout)
    if response is None or len(response) < 8:
        return False
    (_throttle_ms, broker_count) = struct.unpack(">ii", response[:8])
    return broker_count > 0


def _read_pid(broker: Broker) -> int | None:
    try:
        pid = int(broker.pid_file.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None
    return pid if _alive(pid) else None


def _alive(pid: int) -> bool:
    """True while the process runs. A broker this process started stays a zombie after it exits
    until it is reaped, and signal 0 still reaches a zombie: reap it first."""
    try:
        reaped, _ = os.waitpid(pid, os.WNOHANG)
        if reaped == pid:
            return False
    except ChildProcessError:
        pass  # not our child: started by an earlier `make kafka`
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def is_up(broker: Broker) -> bool:
    """The broker answers a Metadata request on its client port."""
    return answers_metadata(broker.port)


def wait_ready(broker: Broker, timeout: float = 90.0) -> None:
    """Block until the broker answers; fail with its log tail if it died or timed out."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if is_up(broker):
            return
        if _read_pid(broker) is None:
            break
        time.sleep(0.2)
    tail = broker.log_file.read_text(errors="replace")[-3000:] if broker.log_file.exists() else ""
    raise SystemExit(f"localkafka: broker on {broker.bootstrap} did not come up.\n{tail}")


def start(broker: Broker) -> None:
    if is_up(broker):
        print(f"localkafka: a broker already answers on {broker.bootstrap}", flush=True)
        return
    fetch_jars(broker)
    format_storage(broker)
    log = broker.log_file.open("ab")
    heap = os.environ.get("KAFKA_HEAP_OPTS", "-Xms256m -Xmx768m")
    cmd = [
        "java",
        *heap.split(),
        "-XX:+UseG1GC",
        "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={broker.home / 'log4j2.yaml'}",
        "-cp",
        _classpath(broker),
        "kafka.Kafka",
        str(broker.home / "server.properties"),
    ]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    broker.pid_file.write_text(str(proc.pid))
    wait_ready(broker)
    print(
        f"localkafka: broker up on {broker.bootstrap} (SCRAM on 127.0.0.1:{broker.scram_port}"
        + (f", TLS on 127.0.0.1:{broker.tls_port}" if broker.tls_port is not None else "")
        + "), "
        f"pid {proc.pid}, log {broker.log_file}",
        flush=True,
    )


def stop(broker: Broker, timeout: float = 30.0) -> None:
    pid = _read_pid(broker)
    if pid is None:
        print(f"localkafka: no broker of ours on {broker.bootstrap}", flush=True)
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _read_pid(broker) is not None:
        time.sleep(0.1)
    if _read_pid(broker) is not None:
        os.kill(pid, signal.SIGKILL)
    broker.pid_file.unlink(missing_ok=True)
    print(f"localkafka: broker on {broker.bootstrap} stopped", flush=True)


def kill(broker: Broker) -> None:
    """SIGKILL, as a crashed machine would: no controlled shutdown, transactions left open."""
    pid = _read_pid(broker)
    if pid is None:
        return
    os.kill(pid, signal.SIGKILL)
    while _read_pid(broker) is not None:
        time.sleep(0.05)
    broker.pid_file.unlink(missing_ok=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["start", "stop", "status", "fetch"])
    args = parser.parse_args(argv)
    broker = Broker.from_env()
    if args.action == "start":
        start(broker)
    elif args.action == "stop":
        stop(broker)
    elif args.action == "fetch":
        fetch_jars(broker)
    else:
        up = is_up(broker)
        print(f"localkafka: {broker.bootstrap} {'up' if up else 'down'}")
        return 0 if up else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
