"""Paths and defaults of the offline stages."""

from __future__ import annotations

from service.settings import DEFAULT_INTEL_PATH, DEFAULT_MODEL_DIR, REPO_ROOT

MODEL_DIR = DEFAULT_MODEL_DIR
INTEL_PATH = DEFAULT_INTEL_PATH
# Hand-written news and press releases in every language, never used for training.
PRESS_NEWS_DIR = REPO_ROOT / "tests" / "data" / "press_news"
# Hand-written ordinary posts (greetings, replies, daily life) in every language, never used for training.
EVERYDAY_DIR = REPO_ROOT / "tests" / "data" / "everyday"
SEED = 20261121
PER_LANGUAGE = 10000
