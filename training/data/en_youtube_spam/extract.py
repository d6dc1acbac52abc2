"""Extract English YouTube comments (YouTube Spam Collection, Alberto et al., UCI, CC BY 4.0), file
Youtube01-Psy.csv as copied (headerless, CLASS,CONTENT) in ECE457-A/FeatureSelection; the other four files
of the collection are not in that repository.

Usage: python extract.py /work/.mirror/ECE457-A+FeatureSelection/repo
Writes en.jsonl next to this script. Stdlib only.
"""

import csv
import html
import io
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


REPO = "ECE457-A/FeatureSelection"
PATH = "Youtube01-Psy.csv"


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    text = git_show(mirror, PATH).decode("utf-8", errors="replace")
    records: list[dict[str, Any]] = []
    damaged = 0
    # this copy has no header and only two columns: CLASS ("spam"/"ham"), CONTENT
    for i, row in enumerate(csv.reader(io.StringIO(text))):
        if len(row) != 2:
            continue
        tag, content = row
        if "\ufffd" in content:  # this copy ends every line with 3 stray non-UTF-8 bytes (A5 E9 CB): removed
            damaged += 1
        body = clean(content)
        if not valid(body) or len(body.split()) < 2:
            continue
        records.append(
            {
                "id": f"yt-psy-{i:03d}",
                "text": body,
                "lang": "en",
                "kind": "social",
                "label": "benign",
                "source": f"github:{REPO}@{commit}:{PATH}",
                "meta": {"yt_class": tag, "video": "psy_gangnam_style"},
            }
        )
    print(f"{damaged} comments had stray non-UTF-8 bytes (removed)")
    write_jsonl(OUT_DIR / "en.jsonl", dedup(sorted(records, key=lambda r: r["id"])))


if __name__ == "__main__":
    main()
