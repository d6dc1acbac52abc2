"""Extract real Taobao buyer / customer-service chat turns (Chinese) from the sample of the E-commerce
Dialogue Corpus (ECD; Zhang et al., COLING 2018) committed in cooelf/DeepUtteranceAggregation
(`ECD_sample/train`, `ECD_sample/test`). Each line is "label \\t context turns ... \\t response"; the
turns alternate buyer and shop staff (the role is not marked). Every distinct turn of a real
conversation becomes one `social` record; the word segmentation spaces are removed.

Usage: python extract.py /work/.mirror/cooelf+DeepUtteranceAggregation/repo/.git
Writes zh.social.jsonl next to this script. Stdlib only.
"""

import html
import json
import random
import re
import subprocess
import unicodedata
from pathlib import Path
from typing import Any

SEED = 20261206

_URL = re.compile(
    r"(?i)(?:https?://|www\.)[^\s\u3000，。！？、；）)】]*|\b[a-z0-9.-]+\.(?:com|net|org|cn|th|co\.th|io|me|ly)/[^\s\u3000，。]*"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w-])(?<!\d[.,/])(?:(?:\+\d{1,3}[\s.-]?|0)\d{2,4}(?:[\s.-]?\d{3,4}){2})(?!\w|[.,/]\d)"
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"
)
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
_TAG = re.compile(r"<[^>]{1,200}>")


def git_show(mirror: str, path: str, rev: str) -> bytes:
    """Return the bytes of `path` at `rev` of the bare mirror `mirror`."""
    return subprocess.run(
        ["git", "--git-dir", mirror, "show", f"{rev}:{path}"], check=True, capture_output=True
    ).stdout


def clean(text: str) -> str:
    """Strip HTML, mask URLs/e-mails/phones/handles, collapse whitespace."""
    text = html.unescape(text)
    text = _TAG.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\ufffd", "").replace("\u3000", " ")
    text = _EMAIL.sub("email@example.com", text)
    text = _URL.sub("http://url", text)
    text = _PHONE.sub("0123456789", text)
    text = _HANDLE.sub("@user", text)
    return re.sub(r"\s+", " ", text).strip()


def norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def near_key(text: str) -> str:
    """Key for near-duplicates: masks, digits and punctuation removed."""
    t = text.lower()
    for ph in ("http://url", "email@example.com", "0123456789", "@user"):
        t = t.replace(ph, " ")
    return re.sub(r"[\W\d_]+", "", t)


def valid(text: str) -> bool:
    """3..2,000 chars, at least 3 word characters besides the masking placeholders."""
    rest = text
    for ph in ("http://url", "email@example.com", "0123456789", "@user"):
        rest = rest.replace(ph, " ")
    return 3 <= len(text) <= 2000 and len(re.sub(r"[\W_]", "", rest)) >= 3


def dedup(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop exact (normalised) and near duplicates, keeping the first seen."""
    seen: set[str] = set()
    out = []
    for r in records:
        keys = {norm_key(r["text"]), "~" + near_key(r["text"])}
        if keys & seen:
            continue
        seen |= keys
        out.append(r)
    return out


def cap(records: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    if len(records) <= n:
        return records
    return random.Random(SEED).sample(records, n)


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    records = sorted(records, key=lambda r: r["id"])
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {path}")


OUT_DIR = Path(__file__).resolve().parent


# --- source-specific part -------------------------------------------------------------------------
import sys

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
                text = clean(desegment(utt))
                if not valid(text):
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
    records = dedup(records)
    print(f"{len(records)} after dedup; dropped as wildlife: {dropped}")
    write_jsonl(OUT_DIR / "zh.social.jsonl", cap(records, CAP))


if __name__ == "__main__":
    main()
