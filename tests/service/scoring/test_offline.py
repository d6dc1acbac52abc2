import io
import json
import subprocess
import sys
from pathlib import Path

from service.model.artifact import LoadedModel
from service.scoring.offline import score_stream
from service.scoring.scorer import Scorer

GOOD = {"post_id": "a", "created_at": "2026-11-21T12:00:00Z", "text": "raw ivory tusk, whatsapp me"}


def test_every_valid_line_is_decided_and_invalid_lines_are_reported_by_number(
    small_model: LoadedModel,
) -> None:
    lines = [json.dumps(GOOD), "", "{broken", json.dumps({**GOOD, "post_id": "b"}), json.dumps({"text": "x"})]
    out, errors = io.BytesIO(), io.BytesIO()
    invalid = score_stream(Scorer(small_model), io.BytesIO("\n".join(lines).encode()), out, errors)
    decisions = [json.loads(line) for line in out.getvalue().splitlines()]
    assert [d["post_id"] for d in decisions] == ["a", "b"]
    assert invalid == 2
    reported = errors.getvalue().decode().splitlines()
    assert [line.split(": ")[:2] for line in reported] == [
        ["line 3", "invalid_json"],
        ["line 5", "missing_field"],
    ]
    assert "'post_id'" in reported[1]


def test_the_cli_reads_a_file_writes_a_file_and_exits_1_on_invalid_lines(
    small_model_dir: Path, tmp_path: Path
) -> None:
    source, sink = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text(json.dumps(GOOD) + "\nnot json\n")
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "service.cli",
            "score",
            "--input",
            str(source),
            "--output",
            str(sink),
            "--model-dir",
            str(small_model_dir),
        ],
        check=False,
        capture_output=True,
        timeout=60,
    )
    assert result.returncode == 1, result.stderr
    assert b"line 2: invalid_json" in result.stderr and b"1 invalid line(s)" in result.stderr
    assert json.loads(sink.read_text())["post_id"] == "a"
