"""Extract Swedish Flashback forum paragraphs from Absabank-Imm (SuperLim 2), spraakbanken/SuperLim-2.

Only paragraphs whose id names a Flashback document are kept (the newspaper editorials are not
informal text).

Usage: python extract.py /work/.mirror/spraakbanken+SuperLim-2/repo
Writes sv.jsonl next to this script. Stdlib only.
"""

import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import cap, clean_europe, dedup_near, git_head, git_show, valid_words, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "spraakbanken/SuperLim-2"
CAP = 5000
FILES = [
    "absabank-imm/absabank-imm_train.jsonl",
    "absabank-imm/absabank-imm_dev.jsonl",
    "absabank-imm/absabank-imm_test.jsonl",
]


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    records: list[dict[str, Any]] = []
    for path in FILES:
        for line in git_show(mirror, path).decode("utf-8").split("\n"):
            if not line.strip():
                continue
            row = json.loads(line)
            if "flashback" not in row["id"]:
                continue
            text = clean_europe(row["text"])
            if not valid_words(text, min_words=3):
                continue
            records.append(
                {
                    "id": f"absaimm-{row['id']}",
                    "text": text,
                    "lang": "sv",
                    "kind": "social",
                    "label": "benign",
                    "source": f"github:{REPO}@{commit}:{path}",
                    "meta": {"immigration_stance_1to5": row["label"]},
                }
            )
    records = cap(dedup_near(records, retweet=True), CAP)
    write_jsonl(OUT_DIR / "sv.jsonl", records)


if __name__ == "__main__":
    main()
