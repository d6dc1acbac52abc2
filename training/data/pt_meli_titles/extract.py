"""Extract Mercado Livre (Brazil) product listing titles from the MeLi technical-challenge file
items_titles.csv (and items_titles_test.csv), as committed in adrianogfreitas/meli.

Usage: python extract.py /work/.mirror/adrianogfreitas+meli/repo
Writes pt.jsonl next to this script. Stdlib only.
"""

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import cap, clean_europe, dedup_near, git_head, git_show, read_csv, valid_words, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "adrianogfreitas/meli"
CAP = 5000
FILES = ["data/raw/items_titles.csv", "data/raw/items_titles_test.csv"]


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    records: list[dict[str, Any]] = []
    for path in FILES:
        stem = "test" if path.endswith("_test.csv") else "train"
        for i, row in enumerate(read_csv(git_show(mirror, path))):
            text = clean_europe(row["ITE_ITEM_TITLE"]).strip(" \"'|,")
            if not valid_words(text, min_words=2):
                continue
            records.append(
                {
                    "id": f"meli-br-{stem}-{i:05d}",
                    "text": text,
                    "lang": "pt",
                    "kind": "listing",
                    "label": "benign",
                    "source": f"github:{REPO}@{commit}:{path}",
                    "meta": {"title": text, "site": "mercadolivre.com.br"},
                }
            )
    records = cap(dedup_near(records, retweet=True), CAP)
    write_jsonl(OUT_DIR / "pt.jsonl", records)


if __name__ == "__main__":
    main()
