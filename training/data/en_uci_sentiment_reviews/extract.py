"""Extract English review sentences from 'Sentiment Labelled Sentences' (Kotzias et al. 2015, UCI, CC BY 4.0),
copy in kvrao/sentiment_analysis.

Usage: python extract.py /work/.mirror/kvrao+sentiment_analysis/repo
Writes en.jsonl next to this script. Stdlib only.
"""

import random
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, clean_en, dedup, git_head, git_show, valid, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "kvrao/sentiment_analysis"
FILES = {
    "amazon": "sentiment labelled sentences/amazon_cells_labelled.txt",
    "imdb": "sentiment labelled sentences/imdb_labelled.txt",
    "yelp": "sentiment labelled sentences/yelp_labelled.txt",
}
CAP = 3000


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    records: list[dict[str, Any]] = []
    for site, path in FILES.items():
        for i, line in enumerate(git_show(mirror, path).decode("utf-8", errors="replace").splitlines()):
            m = re.match(r"^(.*)\t\s*([01])\s*$", line)
            if not m:
                continue
            body = clean_en(m.group(1))
            if not valid(body) or len(body.split()) < 2:
                continue
            records.append(
                {
                    "id": f"uci-{site}-{i:04d}",
                    "text": body,
                    "lang": "en",
                    "kind": "review",
                    "label": "benign",
                    "source": f"github:{REPO}@{commit}:{path}",
                    "meta": {"site": site, "sentiment": "positive" if m.group(2) == "1" else "negative"},
                }
            )
    records = dedup(records)
    if len(records) > CAP:
        records = random.Random(SEED).sample(records, CAP)
    write_jsonl(OUT_DIR / "en.jsonl", records)


if __name__ == "__main__":
    main()
