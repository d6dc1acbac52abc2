"""The Dockerfile cannot be built on this machine (no Docker engine); it is linted and checked instead."""

import re
import shutil
import subprocess
from pathlib import Path

import pytest

DOCKERFILE = Path(__file__).resolve().parents[2] / "Dockerfile"


def test_hadolint_finds_nothing() -> None:
    hadolint = shutil.which("hadolint") or str(
        Path(__file__).resolve().parents[2] / ".venv" / "bin" / "hadolint"
    )
    result = subprocess.run(
        [hadolint, "--failure-threshold", "info", str(DOCKERFILE)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def instructions() -> list[tuple[str, str]]:
    text = DOCKERFILE.read_text().replace("\\\n", " ")
    return [
        (m.group(1).upper(), m.group(2)) for m in re.finditer(r"^\s*([A-Za-z]+)\s+(.*)$", text, re.MULTILINE)
    ]


def test_multi_stage_non_root_with_a_healthcheck_and_the_service_as_command(
    instructions: list[tuple[str, str]],
) -> None:
    stages = [args for op, args in instructions if op == "FROM"]
    assert len(stages) >= 2, "build and runtime stages"
    user = [args for op, args in instructions if op == "USER"]
    assert user and not user[-1].startswith(("root", "0")), "runs as a non-root user"
    health = [args for op, args in instructions if op == "HEALTHCHECK"]
    assert health and "/healthz" in health[-1]
    assert [args for op, args in instructions if op == "CMD"][-1] == '["zeroview", "serve"]'
    copies = " ".join(args for op, args in instructions if op == "COPY")
    assert "requirements.lock" in copies and "models" in copies
