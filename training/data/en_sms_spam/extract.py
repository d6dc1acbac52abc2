"""Extract English SMS messages from the SMS Spam Collection (Almeida & Gómez Hidalgo, UCI, CC BY 4.0),
copy in hamzaaacodes/sms-spam-collection.

Usage: python extract.py /work/.mirror/hamzaaacodes+sms-spam-collection/repo
Writes en.jsonl next to this script. Stdlib only.
"""

import html
import json
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

SEED = 20261206
OUT_DIR = Path(__file__).resolve().parent

_URL = re.compile(
    r"(?i)(?:https?://|www\.)\S*|\b[a-z0-9.-]+\.(?:com|net|org|vn|id|co\.id|co\.th|th|my|ly|me|io|co\.uk|hk)/\S*"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w-])(?<!\d[.,/])(?:\+\d{1,3}[\s.-]?|0)\d{2,4}(?:[\s.-]?\d{3,4}){2}(?!\w|[.,/]\d)")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
_TAG = re.compile(r"<[^>]{1,400}>")
_MOJI = re.compile(r"[ÃÂÄÅÆáº»¼½¾]")


def git_show(mirror: str, path: str) -> bytes:
    """Return the bytes of `path` at HEAD of the bare mirror `mirror`."""
    return subprocess.run(
        ["git", "--git-dir", mirror, "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def git_head(mirror: str) -> str:
    out = subprocess.run(
        ["git", "--git-dir", mirror, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout
    return out.strip()


def git_ls(mirror: str, prefix: str) -> list[str]:
    """Paths of the blobs under `prefix` at HEAD (sorted)."""
    out = subprocess.run(
        ["git", "--git-dir", mirror, "ls-tree", "-r", "--name-only", "-z", "HEAD", "--", prefix],
        check=True,
        capture_output=True,
    ).stdout
    return sorted(p.decode("utf-8") for p in out.split(b"\0") if p)


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252/latin-1 when that is plainly what happened."""
    if not _MOJI.search(text):
        return text
    raw = bytearray()
    for ch in text:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 255:
                return text
            raw.append(ord(ch))
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return text
    return fixed if len(fixed) < len(text) else text


def clean(text: str) -> str:
    """Strip HTML, mask URLs/e-mails/phones/handles, collapse whitespace."""
    text = fix_mojibake(text)
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


def valid(text: str) -> bool:
    """3..2,000 chars, with at least 3 word characters besides the masking placeholders."""
    rest = text
    for ph in ("http://url", "email@example.com", "0123456789", "@user"):
        rest = rest.replace(ph, " ")
    return 3 <= len(text) <= 2000 and len(re.sub(r"\W", "", rest)) >= 3


def dedup(records: list[dict[str, Any]], seen: set[str] | None = None) -> list[dict[str, Any]]:
    seen = set() if seen is None else seen
    out = []
    for r in records:
        k = norm_key(r["text"])
        if k in seen:
            continue
        seen.add(k)
        out.append(r)
    return out


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    records = sorted(records, key=lambda r: r["id"])
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {path}")


REPO = "hamzaaacodes/sms-spam-collection"
PATH = "SMSSpamCollection"
CAP_HAM = 900
CAP_SPAM = 300  # commercial offers / scams in SMS style: sales signals without wildlife


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    ham: list[dict[str, Any]] = []
    spam: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, line in enumerate(git_show(mirror, PATH).decode("utf-8", errors="replace").splitlines()):
        if "\t" not in line:
            continue
        tag, text = line.split("\t", 1)
        body = clean(text)
        if not valid(body) or len(body.split()) < 2 or norm_key(body) in seen:
            continue
        seen.add(norm_key(body))
        rec = {
            "id": f"sms-{i:05d}",
            "text": body,
            "lang": "en",
            "kind": "social",
            "label": "benign",
            "source": f"github:{REPO}@{commit}:{PATH}",
            "meta": {"sms_class": tag},
        }
        (spam if tag == "spam" else ham).append(rec)
    rng = random.Random(SEED)
    print(f"ham {len(ham)} spam {len(spam)}")
    out = rng.sample(ham, min(CAP_HAM, len(ham))) + rng.sample(spam, min(CAP_SPAM, len(spam)))
    write_jsonl(OUT_DIR / "en.jsonl", out)


if __name__ == "__main__":
    main()
