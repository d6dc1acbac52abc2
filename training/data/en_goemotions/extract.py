"""Extract English Reddit comments (GoEmotions, Google, CC BY 4.0) from the copy in monologg/GoEmotions-pytorch.

Usage: python extract.py /work/.mirror/monologg+GoEmotions-pytorch/repo
Writes en.jsonl next to this script. Stdlib only.
"""

import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, clean_en, dedup, git_head, git_show, valid, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "monologg/GoEmotions-pytorch"
PATHS = ["data/original/train.tsv", "data/original/dev.tsv", "data/original/test.tsv"]
LABELS = "data/original/labels.txt"
CAP = 3950  # share of the 8,000 English social cap


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    names = git_show(mirror, LABELS).decode("utf-8").split()
    records: list[dict[str, Any]] = []
    for path in PATHS:
        for line in git_show(mirror, path).decode("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) != 3:
                continue
            text, labels, cid = parts
            body = clean_en(text)
            if not valid(body) or len(body.split()) < 2:
                continue
            records.append(
                {
                    "id": f"goemo-{cid}",
                    "text": body,
                    "lang": "en",
                    "kind": "social",
                    "label": "benign",
                    "source": f"github:{REPO}@{commit}:{path}",
                    "meta": {
                        "emotions": [names[int(i)] for i in labels.split(",")],
                        "split": path.split("/")[-1][:-4],
                    },
                }
            )
    records = dedup(sorted(records, key=lambda r: r["id"]))
    print(f"{len(records)} usable before sampling")
    records = random.Random(SEED).sample(records, min(CAP, len(records)))
    write_jsonl(OUT_DIR / "en.jsonl", records)


if __name__ == "__main__":
    main()
