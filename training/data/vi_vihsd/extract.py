"""Extract Vietnamese social-media comments from ViHSD (sonlam1102/vihsd, data/vihsd.zip).

Usage: python extract.py /work/.mirror/sonlam1102+vihsd/repo
Writes vi.jsonl next to this script. Stdlib only.
"""

import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, clean_sea, dedup, git_head, git_show, valid, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "sonlam1102/vihsd"
ZIP = "data/vihsd.zip"
CAP = 5000
LABELS = {"0": "CLEAN", "1": "OFFENSIVE", "2": "HATE"}


def main() -> None:
    import csv
    import io
    import zipfile

    mirror = sys.argv[1]
    commit = git_head(mirror)
    archive = zipfile.ZipFile(io.BytesIO(git_show(mirror, ZIP)))
    records: list[dict[str, Any]] = []
    for split in ("train", "dev", "test"):
        member = f"vihsd/{split}.csv"
        text = archive.read(member).decode("utf-8-sig")
        for i, row in enumerate(csv.DictReader(io.StringIO(text))):
            body = clean_sea(row["free_text"].replace('\\"', '"'))  # source escapes quotes as \"
            if not valid(body):
                continue
            records.append(
                {
                    "id": f"vihsd-{split}-{i:05d}",
                    "text": body,
                    "lang": "vi",
                    "kind": "social",
                    "label": "benign",
                    "source": f"github:{REPO}@{commit}:{ZIP}!{member}",
                    "meta": {"hsd_label": LABELS.get(row["label_id"], row["label_id"])},
                }
            )
    records = dedup(records)
    print(f"{len(records)} usable before sampling")
    if len(records) > CAP:
        records = random.Random(SEED).sample(records, CAP)
    write_jsonl(OUT_DIR / "vi.jsonl", records)


if __name__ == "__main__":
    main()
