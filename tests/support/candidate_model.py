"""Candidate models for promotion tests: the shipped model under a new version, a copy whose
artifact is corrupt, and one whose thresholds allow everything (it fails the smoke test)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from service.model.artifact import read_card, write_card
from service.settings import DEFAULT_MODEL_DIR


def candidate_model(directory: Path, version: str, **card: Any) -> Path:
    shutil.copytree(DEFAULT_MODEL_DIR, directory, ignore=shutil.ignore_patterns("report"))
    write_card({**read_card(directory), "version": version, **card}, directory)
    return directory


def corrupt_model(directory: Path) -> Path:
    candidate_model(directory, "corrupt-test")
    artifact = directory / "model.joblib"
    artifact.write_bytes(artifact.read_bytes()[: artifact.stat().st_size // 2])
    return directory


def permissive_model(directory: Path) -> Path:
    """Integrity intact, but it decides `allow` for every post."""
    return candidate_model(directory, "permissive-test", thresholds={"remove": 2.0, "hold": 2.0})
