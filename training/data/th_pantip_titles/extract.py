"""Extract Pantip web-board thread titles (Thai) from Pittawat2542/krathu-500.

Usage: python extract.py /work/.mirror/Pittawat2542+krathu-500/repo
Writes th.jsonl next to this script. Stdlib only.
"""

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import clean_sea, dedup, git_head, git_show, valid, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "Pittawat2542/krathu-500"
PATH = "post-processing/posts.csv"


def main() -> None:
    import csv
    import io

    mirror = sys.argv[1]
    commit = git_head(mirror)
    rows = csv.DictReader(io.StringIO(git_show(mirror, PATH).decode("utf-8-sig")))
    records: list[dict[str, Any]] = []
    for row in rows:
        title = clean_sea(row["title"])
        if not valid(title):
            continue
        records.append(
            {
                "id": f"pantip-{row['id']}",
                "text": title,
                "lang": "th",
                "kind": "social",
                "label": "benign",
                "source": f"github:{REPO}@{commit}:{PATH}",
                "meta": {
                    "post_id": row["id"],
                    "published": row["published_at"][:10],
                    "comment_count": row["comment_count"],
                },
            }
        )
    write_jsonl(OUT_DIR / "th.jsonl", dedup(records))


if __name__ == "__main__":
    main()
