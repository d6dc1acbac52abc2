"""Extract informal Weibo posts from the CLUE Emotion Analysis 2020 dataset (CLUEbenchmark).

Usage: python extract.py /work/.mirror/CLUEbenchmark+CLUEmotionAnalysis2020/repo
Reads CLUEdataset/emotion/{valid,test}.txt (JSON lines: id, content, label) from the bare mirror
with `git show` and writes zh.jsonl next to this script. Stdlib only.
(train.txt is over the snapshot size limit and is not used.)

The posts come from Li et al., LREC 2016 ("Emotion Corpus Construction Based on Selection from
Hashtags"), Sina Weibo; they are not derived from any reserved evaluation source.
"""

import html
import json
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

SEED = 20261206
CAP = 4000
OUT_DIR = Path(__file__).resolve().parent
BASE = "CLUEdataset/emotion"
SPLITS = ("valid", "test")

# Drop anything about selling/buying animals (the brief: benign social text only).
_ANIMAL = re.compile(
    r"猫|狗|犬|鸟|鹦鹉|八哥|龟|蛇|蜥蜴|猴|猩猩|象牙|大象|犀|穿山甲|老虎|虎骨|虎皮|熊|豹|狮|"
    r"宠物|鹿茸|麝香|玳瑁|鱼翅|燕窝|蛙|兔|仓鼠|貂|皮草"
)
_SELL = re.compile(r"卖|售|转让|求购|收购|领养|送养|包邮|价格|价钱|[0-9]+\s*元")
_URL = re.compile(
    r"(?i)(?:https?://|www\.)[\w./?=&%#:~+-]*|\b[a-z0-9.-]+\.(?:com|net|org|cn)(?:/[\w./?=&%#~+-]*)?"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
_HANDLE = re.compile(r"(?<![\w@])@[\w\u4e00-\u9fff-]{2,}")
_TAG = re.compile(r"<[^>]{1,200}>")
_WORDISH = re.compile(r"[\u4e00-\u9fffA-Za-z]")


def git_show(mirror: str, path: str) -> str:
    """Return the text of `path` at HEAD of the bare mirror `mirror`."""
    return subprocess.run(
        ["git", "--git-dir", mirror, "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout.decode("utf-8-sig")


def git_head(mirror: str) -> str:
    out = subprocess.run(
        ["git", "--git-dir", mirror, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout
    return out.strip()


def clean(text: str) -> str:
    """Strip HTML, mask URLs/e-mails/phones/handles, collapse whitespace. Emoji and [表情] stay."""
    text = html.unescape(text)
    text = _TAG.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\ufffd", "")
    text = _EMAIL.sub("email@example.com", text)
    text = _URL.sub("http://url", text)
    text = _PHONE.sub("0123456789", text)
    text = _HANDLE.sub("@user", text)
    return re.sub(r"\s+", " ", text).strip()


def norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


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
        for line in git_show(mirror, path).splitlines():
            if not line.strip():
                continue
            row = json.loads(line)
            stats["read"] += 1
            text = clean(str(row["content"]))
            if len(text) < 3 or not _WORDISH.search(text):
                stats["short"] += 1
                continue
            if _ANIMAL.search(text) and _SELL.search(text):
                stats["animal_sale"] += 1
                continue
            key = norm_key(text)
            if key in seen:
                stats["dup"] += 1
                continue
            seen.add(key)
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
