"""Extract Brazilian Portuguese tweets from ToLD-Br (Toxic Language Dataset for Brazilian Portuguese), JAugusto97/ToLD-Br.

Usage: python extract.py /work/.mirror/JAugusto97+ToLD-Br/repo
Writes pt.jsonl next to this script. Stdlib only.
"""

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import cap, clean_europe, dedup_near, git_head, git_show, read_csv, valid_words, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "JAugusto97/ToLD-Br"
PATH = "ToLD-BR.csv"
CAP = 5000
_HAN = re.compile(r"[\u4e00-\u9fff]")
LABELS = ["homophobia", "obscene", "insult", "racism", "misogyny", "xenophobia"]


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    records: list[dict[str, Any]] = []
    for i, row in enumerate(read_csv(git_show(mirror, PATH))):
        raw = row["text"]
        if _HAN.search(raw):
            # about 5% of the tweets are UTF-8 that was decoded as GBK ("n茫o" for "não");
            # undo that, and drop the few that cannot be undone
            try:
                raw = raw.encode("gb18030").decode("utf-8")
            except UnicodeError:
                continue
        text = clean_europe(raw)
        if not valid_words(text, min_words=2):
            continue
        # votes: how many of the 3 annotators flagged each category
        votes = {k: int(float(row[k])) for k in LABELS if row.get(k) and float(row[k]) > 0}
        records.append(
            {
                "id": f"toldbr-{i:05d}",
                "text": text,
                "lang": "pt",
                "kind": "social",
                "label": "benign",
                "source": f"github:{REPO}@{commit}:{PATH}",
                "meta": {"toxic_votes": votes} if votes else {},
            }
        )
    records = cap(dedup_near(records, retweet=True), CAP)
    write_jsonl(OUT_DIR / "pt.jsonl", records)


if __name__ == "__main__":
    main()
