"""Extract Polish tweets from the PolEval 2019 task 6 cyberbullying data, ptaszynski/cyberbullying-Polish.

The tweet texts were removed from the repository's newest commit; they are read from the commit
7e5734221ec53f32226d9355e83a86aa50bc7e76 of the same repository, which the bare mirror holds.

Usage: python extract.py /work/.mirror/ptaszynski+cyberbullying-Polish/repo
Writes pl.jsonl next to this script. Stdlib only.
"""

import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import cap, clean_europe, dedup_near, git_show, valid_words, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "ptaszynski/cyberbullying-Polish"
REV = "7e5734221ec53f32226d9355e83a86aa50bc7e76"
TEXTS = "task 02/training_set_clean_only_text.txt"
TAGS = "task 02/training_set_clean_only_tags.txt"
CAP = 5000
CLASSES = {"0": "non-harmful", "1": "cyberbullying", "2": "hate-speech"}


def main() -> None:
    mirror = sys.argv[1]
    texts = git_show(mirror, TEXTS, REV).decode("utf-8").splitlines()
    tags = git_show(mirror, TAGS, REV).decode("utf-8").splitlines()
    assert len(texts) == len(tags), (len(texts), len(tags))
    records: list[dict[str, Any]] = []
    for i, (raw, tag) in enumerate(zip(texts, tags)):
        text = clean_europe(raw.replace("@anonymized_account", "@user"))
        if not valid_words(text, min_words=2):
            continue
        records.append(
            {
                "id": f"plcb-train-{i:05d}",
                "text": text,
                "lang": "pl",
                "kind": "social",
                "label": "benign",
                "source": f"github:{REPO}@{REV}:{TEXTS}",
                "meta": {"harm": CLASSES.get(tag.strip(), tag.strip())},
            }
        )
    records = cap(dedup_near(records, retweet=True), CAP)
    write_jsonl(OUT_DIR / "pl.jsonl", records)


if __name__ == "__main__":
    main()
