"""Extract German tweets from GermEval 2018 (offensive-language shared task), uds-lsv/GermEval-2018-Data.

Usage: python extract.py /work/.mirror/uds-lsv+GermEval-2018-Data/repo
Writes de.jsonl next to this script. Stdlib only.
"""

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import cap, clean_europe, dedup_near, git_head, git_show, valid_words, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "uds-lsv/GermEval-2018-Data"
CAP = 5000
FILES = ["germeval2018.training.txt", "germeval2018.test.txt"]


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    records: list[dict[str, Any]] = []
    for path in FILES:
        split = "train" if "training" in path else "test"
        for i, line in enumerate(git_show(mirror, path).decode("utf-8").split("\n")):
            parts = line.split("\t")
            if len(parts) != 3:
                continue
            text = clean_europe(parts[0].replace("|LBR|", " "))
            if not valid_words(text, min_words=2):
                continue
            records.append(
                {
                    "id": f"germeval18-{split}-{i:05d}",
                    "text": text,
                    "lang": "de",
                    "kind": "social",
                    "label": "benign",
                    "source": f"github:{REPO}@{commit}:{path}",
                    "meta": {"task1": parts[1], "task2": parts[2]},
                }
            )
    records = cap(dedup_near(records, retweet=True), CAP)
    write_jsonl(OUT_DIR / "de.jsonl", records)


if __name__ == "__main__":
    main()
