"""Extract English tweets from t-davidson/hate-speech-and-offensive-language (MIT).

Usage: python extract.py /work/.mirror/t-davidson+hate-speech-and-offensive-language/repo
Writes en.jsonl next to this script. Stdlib only.
"""

import csv
import io
import random
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, clean_en, git_head, git_show, norm_key, valid, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "t-davidson/hate-speech-and-offensive-language"
PATH = "data/labeled_data.csv"
CAP = 2500  # share of the 8,000 English social cap
CLASS_NAMES = {"0": "hate_speech", "1": "offensive_language", "2": "neither"}


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    text = git_show(mirror, PATH).decode("utf-8", errors="replace")
    by_class: dict[str, list[dict[str, Any]]] = {"0": [], "1": [], "2": []}
    seen: set[str] = set()
    for row in csv.DictReader(io.StringIO(text)):
        tweet = row["tweet"]
        # drop the retweet prefix "RT @x:" but keep the tweet itself
        tweet = re.sub(r"^(?:!+\s*)?RT\s+@\w+:?\s*", "", tweet.strip())
        body = clean_en(tweet)
        if not valid(body) or len(body.split()) < 2:
            continue
        k = norm_key(body)
        if k in seen:
            continue
        seen.add(k)
        rid = row[""] if "" in row else row[next(iter(row))]
        by_class[row["class"]].append(
            {
                "id": f"davidson-{int(rid):05d}",
                "text": body,
                "lang": "en",
                "kind": "social",
                "label": "benign",
                "source": f"github:{REPO}@{commit}:{PATH}",
                "meta": {"class": CLASS_NAMES[row["class"]], "annotators": row["count"]},
            }
        )
    rng = random.Random(SEED)
    # half "neither" tweets, half hate/offensive (the source is 77% offensive)
    half = CAP // 2
    neither = rng.sample(by_class["2"], min(half, len(by_class["2"])))
    rest = by_class["0"] + by_class["1"]
    other = rng.sample(rest, CAP - len(neither))
    print({k: len(v) for k, v in by_class.items()})
    write_jsonl(OUT_DIR / "en.jsonl", neither + other)


if __name__ == "__main__":
    main()
