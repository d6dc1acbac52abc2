"""Extract Thai informal messages and shop reviews from PyThaiNLP/thai-sentiment-analysis-dataset.

Usage: python extract.py /work/.mirror/PyThaiNLP+thai-sentiment-analysis-dataset/repo
Writes th.social.jsonl and th.review.jsonl next to this script. Stdlib only.
"""

import html
import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

SEED = 20261206
OUT_DIR = Path(__file__).resolve().parent

_URL = re.compile(
    r"(?i)(?:https?://|www\.)\S*|\b[a-z0-9.-]+\.(?:com|net|org|vn|id|co\.id|co\.th|th|my|ly|me|io)/\S*"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w-])(?<!\d[.,/])(?:\+\d{1,3}[\s.-]?|0)\d{2,4}(?:[\s.-]?\d{3,4}){2}(?!\w|[.,/]\d)")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
_TAG = re.compile(r"<[^>]{1,200}>")
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


def truncate(text: str, limit: int) -> str:
    """Cut to at most `limit` chars, preferring a sentence end, else a word boundary."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for sep in (". ", "! ", "? ", "; "):
        i = cut.rfind(sep)
        if i > limit * 0.5:
            return cut[: i + 1].strip()
    i = cut.rfind(" ")
    return (cut[:i] if i > limit * 0.5 else cut).rstrip(" ,;:-") + "…"


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    records = sorted(records, key=lambda r: r["id"])
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {path}")


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


def valid(text: str) -> bool:
    """3..2,000 chars, with at least 3 word characters besides the masking placeholders."""
    rest = text
    for ph in ("http://url", "email@example.com", "0123456789", "@user"):
        rest = rest.replace(ph, " ")
    return 3 <= len(text) <= 2000 and len(re.sub(r"\W", "", rest)) >= 3


REPO = "PyThaiNLP/thai-sentiment-analysis-dataset"
FILES = {
    "general-amy.csv": ("social", "amy"),
    "tcas61.csv": ("social", "tcas"),
    "review_shopping.csv": ("review", "shop"),
}


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    by_kind: dict[str, list[dict[str, Any]]] = {"social": [], "review": []}
    seen: set[str] = set()
    for path, (kind, tag) in FILES.items():
        recs = []
        for i, line in enumerate(git_show(mirror, path).decode("utf-8-sig").splitlines()):
            text, _, label = line.rpartition("\t")
            body = clean(text if text else line)
            if not valid(body):
                continue
            recs.append(
                {
                    "id": f"thsa-{tag}-{i:04d}",
                    "text": body,
                    "lang": "th",
                    "kind": kind,
                    "label": "benign",
                    "source": f"github:{REPO}@{commit}:{path}",
                    "meta": {"sentiment": label.strip() or None, "file": path},
                }
            )
        by_kind[kind] += dedup(recs, seen)
    write_jsonl(OUT_DIR / "th.social.jsonl", by_kind["social"])
    write_jsonl(OUT_DIR / "th.review.jsonl", by_kind["review"])


if __name__ == "__main__":
    main()
