"""Extract Spanish tweets from EmoEvent (emotion corpus on April-2019 events), fmplaza/EmoEvent.

The source replaced user mentions by USER, hashtags by HASHTAG and links by URL; these become
@user, #hashtag and http://url here.

Usage: python extract.py /work/.mirror/fmplaza+EmoEvent/repo
Writes es.jsonl next to this script. Stdlib only.
"""

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import cap, clean_europe, dedup_near, git_head, git_show, read_csv, valid_words, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "fmplaza/EmoEvent"
PATH = "emoevent_es.csv"
CAP = 5000


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    records: list[dict[str, Any]] = []
    for row in read_csv(git_show(mirror, PATH), delimiter="\t"):
        raw = re.sub(r"\bUSER\b", "@user", row["tweet"])
        raw = re.sub(r"\bHASHTAG\b", "#hashtag", raw)
        raw = re.sub(r"\bURL\b", "http://url", raw)
        text = clean_europe(raw)
        if not valid_words(text, min_words=3):
            continue
        records.append(
            {
                "id": f"emoevent-es-{int(row['id']):05d}",
                "text": text,
                "lang": "es",
                "kind": "social",
                "label": "benign",
                "source": f"github:{REPO}@{commit}:{PATH}",
                "meta": {"emotion": row["emotion"], "offensive": row["offensive"]},
            }
        )
    records = cap(dedup_near(records, retweet=True), CAP)
    write_jsonl(OUT_DIR / "es.jsonl", records)


if __name__ == "__main__":
    main()
