"""Extract Spanish Wallapop second-hand listing titles with prices (searches for iPhone 11/15/16/17
around Madrid, January 2026) from the raw scrape files of jogarman/wallascrapping_v2.

The scrape CSVs were committed in c72fcddef12052cabdb610c0475ce4368d8e2471 and later removed; the
bare mirror holds that commit. The same ad appears in several scrape runs: kept once per Wallapop id.

Usage: python extract.py /work/.mirror/jogarman+wallascrapping_v2/repo
Writes es.jsonl next to this script. Stdlib only.
"""

import re
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import cap, clean_europe, dedup_near, git_show, read_csv, valid_words, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "jogarman/wallascrapping_v2"
REV = "c72fcddef12052cabdb610c0475ce4368d8e2471"
DIR = "data/step1"
CAP = 5000


def main() -> None:
    mirror = sys.argv[1]
    paths = subprocess.run(
        ["git", "--git-dir", mirror, "ls-tree", "-r", "--name-only", REV, DIR],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    records: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    for path in sorted(paths):
        for row in read_csv(git_show(mirror, path, REV)):
            if row["id"] in seen_ids:
                continue
            seen_ids.add(row["id"])
            title = clean_europe(row["nombre"])
            if not valid_words(title):
                continue
            price = clean_europe(row["precio"]).replace("\u00a0", " ")
            text = f"{title} – {price}" if re.search(r"\d", price) else title
            records.append(
                {
                    "id": f"wallapop-{row['id']}",
                    "text": text,
                    "lang": "es",
                    "kind": "listing",
                    "label": "benign",
                    "source": f"github:{REPO}@{REV}:{path}",
                    "meta": {
                        "title": title,
                        "price": price,
                        "town": row["municipio"],
                        "search_term": row["search_term"],
                    },
                }
            )
    records = cap(dedup_near(records, retweet=True), CAP)
    write_jsonl(OUT_DIR / "es.jsonl", records)


if __name__ == "__main__":
    main()
