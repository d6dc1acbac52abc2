"""Extract Thai informal messages and shop reviews from PyThaiNLP/thai-sentiment-analysis-dataset.

Usage: python extract.py /work/.mirror/PyThaiNLP+thai-sentiment-analysis-dataset/repo
Writes th.social.jsonl and th.review.jsonl next to this script. Stdlib only.
"""

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import clean_sea, dedup, git_head, git_show, valid, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "PyThaiNLP/thai-sentiment-analysis-dataset"
FILES = {
    "general-amy.csv": ("social", "amy"),
    "tcas61.csv": ("social", "tcas"),
    "review_shopping.csv": ("review", "shop"),
}


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    by_kind: dict[str, list[dict[str, Any]]] = {"social": [], "review": []}
    seen: set[str] = set()
    for path, (kind, tag) in FILES.items():
        recs = []
        for i, line in enumerate(git_show(mirror, path).decode("utf-8-sig").splitlines()):
            text, _, label = line.rpartition("\t")
            body = clean_sea(text if text else line)
            if not valid(body):
                continue
            recs.append(
                {
                    "id": f"thsa-{tag}-{i:04d}",
                    "text": body,
                    "lang": "th",
                    "kind": kind,
                    "label": "benign",
                    "source": f"github:{REPO}@{commit}:{path}",
                    "meta": {"sentiment": label.strip() or None, "file": path},
                }
            )
        by_kind[kind] += dedup(recs, seen)
    write_jsonl(OUT_DIR / "th.social.jsonl", by_kind["social"])
    write_jsonl(OUT_DIR / "th.review.jsonl", by_kind["review"])


if __name__ == "__main__":
    main()
