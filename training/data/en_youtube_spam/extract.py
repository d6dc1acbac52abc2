"""Extract English YouTube comments (YouTube Spam Collection, Alberto et al., UCI, CC BY 4.0), file
Youtube01-Psy.csv as copied (headerless, CLASS,CONTENT) in ECE457-A/FeatureSelection; the other four files
of the collection are not in that repository.

Usage: python extract.py /work/.mirror/ECE457-A+FeatureSelection/repo
Writes en.jsonl next to this script. Stdlib only.
"""

import csv
import io
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import clean_en, dedup, git_head, git_show, valid, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "ECE457-A/FeatureSelection"
PATH = "Youtube01-Psy.csv"


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    text = git_show(mirror, PATH).decode("utf-8", errors="replace")
    records: list[dict[str, Any]] = []
    damaged = 0
    # this copy has no header and only two columns: CLASS ("spam"/"ham"), CONTENT
    for i, row in enumerate(csv.reader(io.StringIO(text))):
        if len(row) != 2:
            continue
        tag, content = row
        if "\ufffd" in content:  # this copy ends every line with 3 stray non-UTF-8 bytes (A5 E9 CB): removed
            damaged += 1
        body = clean_en(content)
        if not valid(body) or len(body.split()) < 2:
            continue
        records.append(
            {
                "id": f"yt-psy-{i:03d}",
                "text": body,
                "lang": "en",
                "kind": "social",
                "label": "benign",
                "source": f"github:{REPO}@{commit}:{PATH}",
                "meta": {"yt_class": tag, "video": "psy_gangnam_style"},
            }
        )
    print(f"{damaged} comments had stray non-UTF-8 bytes (removed)")
    write_jsonl(OUT_DIR / "en.jsonl", dedup(sorted(records, key=lambda r: r["id"])))


if __name__ == "__main__":
    main()
