"""Paths and defaults of the offline stages."""

from __future__ import annotations

from service.settings import DEFAULT_INTEL_PATH, DEFAULT_MODEL_DIR, REPO_ROOT

MODEL_DIR = DEFAULT_MODEL_DIR
INTEL_PATH = DEFAULT_INTEL_PATH
# Hand-written sets in every language, never used for training or calibration: violating posts,
# hard benign look-alikes, news and press releases, everyday posts (`tests/data/<set>/<lang>.jsonl`).
HAND_WRITTEN_DIR = REPO_ROOT / "tests" / "data"
SEED = 20261121
PER_LANGUAGE = 10000
