"""Extract real Taobao buyer / customer-service chat turns (Chinese) from the sample of the E-commerce
Dialogue Corpus (ECD; Zhang et al., COLING 2018) committed in cooelf/DeepUtteranceAggregation
(`ECD_sample/train`, `ECD_sample/test`). Each line is "label \\t context turns ... \\t response"; the
turns alternate buyer and shop staff (the role is not marked). Every distinct turn of a real
conversation becomes one `social` record; the word segmentation spaces are removed.

Usage: python extract.py /work/.mirror/cooelf+DeepUtteranceAggregation/repo/.git
Writes zh.social.jsonl next to this script. Stdlib only.
"""

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import cap, clean_shop, dedup_near, git_show, valid_shop, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "cooelf/DeepUtteranceAggregation"
COMMIT = "f2e15d6600ccda0db32eee98b2ca67c322071964"
# ECD_sample/valid is byte-identical to ECD_sample/train (same blob), so it is not read.
PATHS = ["ECD_sample/train", "ECD_sample/test"]
CAP = 3000
WILDLIFE = re.compile(
    r"象牙(?![白色果黄红])|犀角|犀牛角|玳瑁|鹤顶红|穿山甲|虎骨|虎鞭|熊胆|麝香|羚羊角|砗磲|红珊瑚|海龟|鱼翅|猛犸"
)
_CJK = r"[\u2e80-\u9fff\uff00-\uffef\u3000-\u303f]"


def desegment(s: str) -> str:
    """The corpus is word-segmented with spaces; remove spaces next to Chinese characters, keep the
    spaces between Latin words/numbers."""
    s = re.sub(rf"(?<={_CJK}) +| +(?={_CJK})", "", s.strip())
    return re.sub(r" +", " ", s)


def main() -> None:
    mirror = sys.argv[1]
    records: list[dict[str, Any]] = []
    seen_utt: set[str] = set()
    dropped = 0
    for path in PATHS:
        for ln, line in enumerate(git_show(mirror, path, COMMIT).decode("utf-8").splitlines()):
            parts = line.split("\t")
            if len(parts) < 3:
                continue
            # label \t context utterances ... \t candidate response. Only the context turns and the
            # true response (label 1) are a real conversation; negatives are responses from other sessions.
            turns = parts[1:] if parts[0] == "1" else parts[1:-1]
            for t, utt in enumerate(turns):
                if utt in seen_utt:
                    continue
                seen_utt.add(utt)
                text = clean_shop(desegment(utt))
                if not valid_shop(text):
                    continue
                if WILDLIFE.search(text):
                    dropped += 1
                    continue
                records.append(
                    {
                        "id": f"ecd-{path.rsplit('/', 1)[-1]}-{ln:05d}-{t:02d}",
                        "text": text,
                        "lang": "zh",
                        "kind": "social",
                        "label": "benign",
                        "source": f"github:{REPO}@{COMMIT}:{path}",
                        "meta": {"turn": t, "platform": "Taobao customer service"},
                    }
                )
    records = dedup_near(records)
    print(f"{len(records)} after dedup; dropped as wildlife: {dropped}")
    write_jsonl(OUT_DIR / "zh.social.jsonl", cap(records, CAP))


if __name__ == "__main__":
    main()
