"""Extract Indonesian/Malay tweets from ridife/dataset-idsa (labelled file only).

Usage: python extract.py /work/.mirror/ridife+dataset-idsa/repo
Writes id.jsonl next to this script. Stdlib only.
"""

import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, clean_sea, dedup, git_head, git_show, valid, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "ridife/dataset-idsa"
PATH = "Indonesian Sentiment Twitter Dataset Labeled.csv"
CAP = 3000  # shares the 5,000 Indonesian social cap with id_hs_abusive (2,000)
SENT = {"-1": "negative", "0": "neutral", "1": "positive"}


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    lines = git_show(mirror, PATH).decode("utf-8").splitlines()
    records: list[dict[str, Any]] = []
    for i, line in enumerate(lines[1:], start=1):  # line 0 is the header "sentimen\tTweet"
        label, _, tweet = line.partition("\t")
        body = clean_sea(tweet)
        if not valid(body) or len(body.split()) < 2:
            continue
        records.append(
            {
                "id": f"idsa-{i:05d}",
                "text": body,
                "lang": "id",
                "kind": "social",
                "label": "benign",
                "source": f"github:{REPO}@{commit}:{PATH}",
                "meta": {"sentiment": SENT.get(label.strip(), label.strip())},
            }
        )
    records = dedup(records)
    print(f"{len(records)} usable before sampling")
    if len(records) > CAP:
        records = random.Random(SEED).sample(records, CAP)
    write_jsonl(OUT_DIR / "id.jsonl", records)


if __name__ == "__main__":
    main()
