"""`zeroview train` and `zeroview evaluate` end to end on a small corpus, into a temporary directory."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from service.model.artifact import load_model

pytestmark = pytest.mark.slow


def test_train_writes_a_loadable_model_a_card_and_a_report_with_plots(tmp_path: Path) -> None:
    out = tmp_path / "model"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "service.cli",
            "train",
            "--out",
            str(out),
            "--per-language",
            "300",
            "--languages",
            "en",
            "vi",
            "--version",
            "test-small",
            "--real-per-source",
            "400",
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "zeroview train" in result.stderr  # the progress bar
    model = load_model(out)
    card = json.loads((out / "model-card.json").read_text())
    assert model.version == card["version"] == "test-small"
    assert (
        set(card["thresholds"]) == {"remove", "hold"}
        and card["thresholds"]["hold"] <= card["thresholds"]["remove"]
    )
    assert card["languages"] == ["en", "vi"]
    assert (
        card["metrics"]["sets"]["everyday"]["posts"] > 0
        and card["metrics"]["sets"]["hand_violating"]["posts"] > 0
    )
    assert set(card["expected_rates_by_language"]) == {"en", "vi"}
    assert card["data"]["real_sources"]["tatoeba"]["test"] > 0
    assert card["data"]["build"]["real_per_source"] == 400  # `evaluate` below rebuilds the same data
    assert {"scikit-learn", "numpy", "python"} <= card["libraries"].keys()
    report = out / "report"
    for name in ("REPORT.md", "pr_curves.png", "by_language.png", "evaluation.json"):
        assert (report / name).stat().st_size > 0, name
    assert "held-out real everyday posts flagged <= 1.0%" in (report / "REPORT.md").read_text()
    assert "## Limitations" in (out / "MODEL_CARD.md").read_text()

    again = subprocess.run(
        [sys.executable, "-m", "service.cli", "evaluate", "--model-dir", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert again.returncode == 0 and "report:" in again.stdout, again.stderr[-2000:]
