"""Extract Tiki product listings (Vietnamese) from Leonn2285/NLP-final-project.

Usage: python extract.py /work/.mirror/Leonn2285+NLP-final-project/repo
Writes vi.jsonl next to this script. Stdlib only.
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


REPO = "Leonn2285/NLP-final-project"
RAW = ["data/raw/bao_chau_data.csv", "data/raw/duy_thai_data.csv", "data/raw/minh_huy_data.csv"]
SPLIT = ["data/split/val.csv", "data/split/test.csv"]
CAP = 6000
DESC_LIMIT = 420
# Tiki's platform footer, appended to most descriptions: not seller text.
BOILER = re.compile(r"Giá sản phẩm trên Tiki đã bao gồm thuế.*$", re.S)
BOILER_LC = re.compile(r"giá sản phẩm trên tiki đã bao gồm thuế.*$", re.S)


def read_csv(mirror: str, path: str) -> list[dict[str, str]]:
    import csv
    import io

    text = git_show(mirror, path).decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delim))


def name_key(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.lower()).strip()


def make(
    mirror: str,
    commit: str,
    path: str,
    idx: int,
    name: str,
    desc: str,
    brand: str,
    category: str,
    normalised: bool,
) -> dict[str, Any] | None:
    name = clean(name)
    desc = clean((BOILER_LC if normalised else BOILER).sub("", desc))
    if len(name) < 3:
        return None
    if desc and norm_key(desc).startswith(norm_key(name)):
        desc = desc[len(name) :].lstrip(" .,-:")
    text = name if not desc else f"{name.rstrip('.')}. {truncate(desc, DESC_LIMIT)}"
    if not valid(text):
        return None
    stem = path.rsplit("/", 1)[-1].removesuffix(".csv").removesuffix("_data")
    meta: dict[str, Any] = {"title": name, "category": category.strip()}
    if brand.strip() and brand.strip().upper() != "OEM":
        meta["brand"] = brand.strip()
    if normalised:
        meta["normalised_by_source"] = True
    return {
        "id": f"tiki-{stem}-{idx:05d}",
        "text": text,
        "lang": "vi",
        "kind": "listing",
        "label": "benign",
        "source": f"github:{REPO}@{commit}:{path}",
        "meta": meta,
    }


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    records: list[dict[str, Any]] = []
    raw_names: set[str] = set()
    for path in RAW:
        for i, row in enumerate(read_csv(mirror, path)):
            name = row.get("name") or row.get("product name") or row.get("product_name") or ""
            desc = row.get("description") or row.get("describe") or ""
            rec = make(
                mirror, commit, path, i, name, desc, row.get("brand", ""), row.get("category", ""), False
            )
            if rec:
                raw_names.add(name_key(name))
                records.append(rec)
    # The split files hold the same products lower-cased and stripped of punctuation by the
    # source's own cleaning; keep only those whose raw file is absent (data/raw/quoc_trung_data.csv
    # is over the snapshot's 4 MiB limit).
    for path in SPLIT:
        for i, row in enumerate(read_csv(mirror, path)):
            if name_key(row["product_name"]) in raw_names:
                continue
            rec = make(
                mirror,
                commit,
                path,
                i,
                row["product_name"],
                row["description"],
                row.get("brand", ""),
                row.get("category", ""),
                True,
            )
            if rec:
                records.append(rec)
    records = dedup(records)
    if len(records) > CAP:
        records = random.Random(SEED).sample(records, CAP)
    write_jsonl(OUT_DIR / "vi.jsonl", records)


if __name__ == "__main__":
    main()
