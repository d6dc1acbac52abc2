import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from service.errors import ModelArtifactError
from service.model.artifact import CARD_FILE, MODEL_FILE, load_model, read_card


def test_a_saved_model_loads_with_its_card(small_model_dir: Path) -> None:
    model = load_model(small_model_dir)
    assert model.version == "test-1"
    assert model.thresholds == {"remove": 0.8, "hold": 0.3}
    assert len(read_card(small_model_dir)["sha256"]) == 64


@pytest.fixture
def tampered_dir(small_model_dir: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "tampered"
    shutil.copytree(small_model_dir, copy)
    data = bytearray((copy / MODEL_FILE).read_bytes())
    data[len(data) // 2] ^= 0xFF
    (copy / MODEL_FILE).write_bytes(bytes(data))
    return copy


def test_a_model_file_that_does_not_match_its_sha256_is_refused(tampered_dir: Path) -> None:
    with pytest.raises(
        ModelArtifactError, match=r"refusing to load .*model\.joblib: its sha256 is [0-9a-f]{64}"
    ):
        load_model(tampered_dir)


def test_a_missing_card_says_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(ModelArtifactError, match="zeroview train"):
        load_model(tmp_path)


def test_a_card_without_its_hash_is_refused(small_model_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "m"
    shutil.copytree(small_model_dir, copy)
    (copy / CARD_FILE).write_text('{"version": "x", "thresholds": {}}')
    with pytest.raises(ModelArtifactError, match="lacks sha256"):
        load_model(copy)


@pytest.mark.parametrize("command", [["serve"], ["score"]])
def test_serve_and_score_refuse_a_tampered_model_at_start_with_a_clear_message(
    tampered_dir: Path, command: list[str]
) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ZEROVIEW_")},
        "ZEROVIEW_MODEL_DIR": str(tampered_dir),
        "ZEROVIEW_HTTP_PORT": "0",
        "ZEROVIEW_KAFKA_BOOTSTRAP": "127.0.0.1:1",
    }
    result = subprocess.run(
        [sys.executable, "-m", "service.cli", *command],
        env=env,
        input=b"",
        check=False,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert b"refusing to load" in result.stderr and b"sha256" in result.stderr
    assert b"Traceback" not in result.stderr
