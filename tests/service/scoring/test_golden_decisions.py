"""The shipped model decides the `make run` sample exactly as recorded (action, score, reasons):
a refactor of the service or the model code that changes a decision fails here."""

from __future__ import annotations

import json

from tests.support.golden import GOLDEN, decisions, golden_scorer


def test_the_shipped_model_decides_the_sample_as_recorded() -> None:
    recorded = [json.loads(line) for line in GOLDEN.read_text(encoding="utf-8").splitlines()]
    scorer = golden_scorer()
    assert recorded[0]["model_version"] == scorer.model.version, (
        "the model changed: check its decisions, then `python -m tests.support.golden` and commit the file"
    )
    now = decisions(scorer)
    changed = [(old, new) for old, new in zip(recorded, now, strict=True) if old != new]
    assert not changed, f"{len(changed)} of {len(now)} decisions changed, e.g. {changed[:2]}"
