"""Extract Chinese social-media comments from COLDataset (thu-coai, Apache-2.0).

Usage: python extract.py /work/.mirror/thu-coai+COLDataset/repo
Reads COLDataset/{train,dev,test}.csv (columns: <row>, split, topic, label, [fine-grained-label], TEXT)
from the bare mirror with `git show` and writes zh.jsonl next to this script. Stdlib only.

COLD comments were collected from Zhihu and Weibo on race, gender and region; about half are
offensive. For zeroview they are all `benign` (no wildlife trade); the original offensive label is
kept in meta. A balanced sample (CAP_PER_LABEL safe + CAP_PER_LABEL offensive) is taken.
"""

import csv
import html
import io
import json
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

SEED = 20261206
CAP_PER_LABEL = 1000
OUT_DIR = Path(__file__).resolve().parent
SPLITS = ("train", "dev", "test")
FINE = {
    "0": "safe (other non-offensive)",
    "1": "attack individual",
    "2": "attack group",
    "3": "safe (anti-bias)",
}

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
    """Strip HTML, mask URLs/e-mails/phones/handles, collapse whitespace. Emoji stay."""
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
        sys.exit("usage: extract.py <path to bare mirror of thu-coai/COLDataset>")
    mirror = sys.argv[1]
    commit = git_head(mirror)
    seen: set[str] = set()
    by_label: dict[str, list[dict[str, object]]] = {"0": [], "1": []}
    stats = {"read": 0, "short": 0, "dup": 0, "animal_sale": 0}
    for split in SPLITS:
        path = f"COLDataset/{split}.csv"
        for n, row in enumerate(csv.DictReader(io.StringIO(git_show(mirror, path))), start=1):
            stats["read"] += 1
            text = clean(row["TEXT"])
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
