"""The reserved evaluation sources are named on the "Never use" lines and nowhere else in the tree
(the names are read off that line, so this file names none of them)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def reserved_names() -> set[str]:
    line = next(
        text
        for text in (REPO / "training" / "data" / "FORMAT.md").read_text().splitlines()
        if text.startswith("Never use")
    )
    names: set[str] = set()
    for owner, name in re.findall(r"([\w.-]+)/([\w.-]+)", line):
        names |= {f"{owner}/{name}", name}
    names |= set(re.findall(r'"([^"]+)"', line)) | set(re.findall(r"copy of ([\w-]+)", line))
    return {name for name in names if len(name) >= 3}


def test_reserved_sources_are_named_only_on_the_never_use_lines() -> None:
    names = reserved_names()
    assert len(names) >= 15, names
    pattern = re.compile(
        "|".join(rf"(?<![\w-]){re.escape(n)}(?![\w-])" for n in sorted(names, key=len, reverse=True))
    )
    files = subprocess.run(
        ["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout.split()
    found = []
    for name in files:
        path = REPO / name
        if path.suffix in {".joblib", ".png", ".gz"} or not path.is_file():
            continue
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        if not any(reserved in text for reserved in names):  # most files: one fast pass
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if not line.startswith("Never use") and (match := pattern.search(line)):
                found.append(f"{name}:{number}: {match.group(0)}")
    assert not found, found[:20]
