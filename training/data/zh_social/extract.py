"""Extract informal Weibo posts from the CLUE Emotion Analysis 2020 dataset (CLUEbenchmark).

Usage: python extract.py /work/.mirror/CLUEbenchmark+CLUEmotionAnalysis2020/repo
Reads CLUEdataset/emotion/{valid,test}.txt (JSON lines: id, content, label) from the bare mirror
with `git show` and writes zh.jsonl next to this script. Stdlib only.
(train.txt is over the snapshot size limit and is not used.)

The posts come from Li et al., LREC 2016 ("Emotion Corpus Construction Based on Selection from
Hashtags"), Sina Weibo; they are not derived from any reserved evaluation source.
"""

import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, clean_chinese, git_head, git_text, keep_chinese_post

CAP = 4000
OUT_DIR = Path(__file__).resolve().parent
BASE = "CLUEdataset/emotion"
SPLITS = ("valid", "test")


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: extract.py <path to bare mirror of CLUEbenchmark/CLUEmotionAnalysis2020>")
    mirror = sys.argv[1]
    commit = git_head(mirror)
    seen: set[str] = set()
    kept: list[dict[str, object]] = []
    stats = {"read": 0, "short": 0, "dup": 0, "animal_sale": 0}
    for split in SPLITS:
        path = f"{BASE}/{split}.txt"
        for line in git_text(mirror, path, encoding="utf-8-sig").splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            stats["read"] += 1
            text = clean_chinese(str(row["content"]))
            if not keep_chinese_post(text, seen, stats):
                continue
            kept.append(
                {
                    "id": f"clue-emotion-{split}-{int(row['id']):05d}",
                    "text": text[:2000],
                    "lang": "zh",
                    "kind": "social",
                    "label": "benign",
                    "source": f"github:CLUEbenchmark/CLUEmotionAnalysis2020@{commit}:{path}",
                    "meta": {"emotion": row["label"], "platform": "weibo", "split": split},
                }
            )
    if len(kept) > CAP:
        kept = random.Random(SEED).sample(kept, CAP)
    kept.sort(key=lambda r: str(r["id"]))
    with open(OUT_DIR / "zh.jsonl", "w", encoding="utf-8") as fh:
        for r in kept:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(stats, "written", len(kept))


if __name__ == "__main__":
    main()
