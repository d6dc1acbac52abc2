"""Extract Chinese social-media comments from COLDataset (thu-coai, Apache-2.0).

Usage: python extract.py /work/.mirror/thu-coai+COLDataset/repo
Reads COLDataset/{train,dev,test}.csv (columns: <row>, split, topic, label, [fine-grained-label], TEXT)
from the bare mirror with `git show` and writes zh.jsonl next to this script. Stdlib only.

COLD comments were collected from Zhihu and Weibo on race, gender and region; about half are
offensive. For zeroview they are all `benign` (no wildlife trade); the original offensive label is
kept in meta. A balanced sample (CAP_PER_LABEL safe + CAP_PER_LABEL offensive) is taken.
"""

import csv
import io
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, clean_chinese, git_head, git_text, keep_chinese_post

CAP_PER_LABEL = 1000
OUT_DIR = Path(__file__).resolve().parent
SPLITS = ("train", "dev", "test")
FINE = {
    "0": "safe (other non-offensive)",
    "1": "attack individual",
    "2": "attack group",
    "3": "safe (anti-bias)",
}


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: extract.py <path to bare mirror of thu-coai/COLDataset>")
    mirror = sys.argv[1]
    commit = git_head(mirror)
    seen: set[str] = set()
    by_label: dict[str, list[dict[str, object]]] = {"0": [], "1": []}
    stats = {"read": 0, "short": 0, "dup": 0, "animal_sale": 0}
    for split in SPLITS:
        path = f"COLDataset/{split}.csv"
        for n, row in enumerate(
            csv.DictReader(io.StringIO(git_text(mirror, path, encoding="utf-8-sig"))), start=1
        ):
            stats["read"] += 1
            text = clean_chinese(row["TEXT"])
            if not keep_chinese_post(text, seen, stats):
                continue
            meta: dict[str, str] = {"topic": row["topic"], "offensive": row["label"], "split": split}
            if row.get("fine-grained-label"):
                meta["fine_grained"] = FINE.get(row["fine-grained-label"], row["fine-grained-label"])
            by_label[row["label"]].append(
                {
                    "id": f"cold-{split}-{n:05d}",
                    "text": text[:2000],
                    "lang": "zh",
                    "kind": "social",
                    "label": "benign",
                    "source": f"github:thu-coai/COLDataset@{commit}:{path}",
                    "meta": meta,
                }
            )
    rng = random.Random(SEED)
    kept: list[dict[str, object]] = []
    for label in ("0", "1"):
        pool = by_label[label]
        kept.extend(rng.sample(pool, CAP_PER_LABEL) if len(pool) > CAP_PER_LABEL else pool)
    kept.sort(key=lambda r: str(r["id"]))
    with open(OUT_DIR / "zh.jsonl", "w", encoding="utf-8") as fh:
        for r in kept:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(stats, {k: len(v) for k, v in by_label.items()}, "written", len(kept))


if __name__ == "__main__":
    main()
