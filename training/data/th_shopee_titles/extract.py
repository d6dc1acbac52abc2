"""Extract Shopee Thailand product titles with prices from sharp2710/shopee-scraping `shopee.csv`
(a 2022 scrape of shopee.co.th search results for "ลูกชิ้น" (meatballs) and the items Shopee showed
with them: link, image, price, sold, name as a token list).

Text = "{title} {price}" with the price as Shopee shows it ("฿149", "฿99 - ฿350").

Usage: python extract.py /work/.mirror/sharp2710+shopee-scraping/repo
Writes th.listing.jsonl next to this script. Stdlib only.
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

# Thai: offers of protected wildlife products (rhino horn, tortoiseshell, shark fin, pangolin scales,
# hornbill, tiger fang/skin, bear bile, real ivory): dropped. "สีงาช้าง" (ivory colour) is kept (meta.sense).
WILDLIFE = re.compile(
    r"นอแรด|กระดองเต่า|หูฉลาม(?!เจ|เทียม)|เกล็ดลิ่น|ตัวนิ่ม|นกเงือก|เขี้ยวเสือ|หนังเสือ|ดีหมี|งาช้างแท้|"
    r"งาช้าง(?!สี)(?<!สีงาช้าง)(?<!ขาวงาช้าง)"
)
SENSE = re.compile(r"สีงาช้าง|ขาวงาช้าง|งาช้าง")


# --- source-specific part -------------------------------------------------------------------------
import ast
import csv
import io
import sys

REPO = "sharp2710/shopee-scraping"
COMMIT = "207f5d695e1cfc1993b1c9f5ac8c3be992709e4d"
PATH = "shopee.csv"
CAP = 3000
_ITEM = re.compile(r"-i\.(\d+)\.(\d+)\?")


def main() -> None:
    mirror = sys.argv[1]
    rows = list(csv.DictReader(io.StringIO(git_show(mirror, PATH, COMMIT).decode("utf-8"))))
    records: list[dict[str, Any]] = []
    dropped = []
    for n, row in enumerate(rows):
        # `name` holds the title as a PyThaiNLP (newmm) token list, spaces kept as tokens: joining the
        # tokens gives back the title as the seller wrote it.
        title = clean("".join(ast.literal_eval(row["name"])))
        price = clean(row["price"])
        if not title or not price.startswith("฿"):
            continue
        text = f"{title} {price}"
        if not valid(title):
            continue
        if WILDLIFE.search(title):
            dropped.append(title)
            continue
        m = _ITEM.search(row["link"])
        rid = f"shopee-{m.group(1)}-{m.group(2)}" if m else f"shopee-row{n:05d}"
        meta: dict[str, Any] = {"title": title, "price": price, "sold": row["sold"], "search": "ลูกชิ้น"}
        s = SENSE.search(title)
        if s:
            meta["sense"] = s.group(0)
        records.append(
            {
                "id": rid,
                "text": text,
                "lang": "th",
                "kind": "listing",
                "label": "benign",
                "source": f"github:{REPO}@{COMMIT}:{PATH}",
                "meta": meta,
            }
        )
    records = dedup(records)
    print(f"{len(records)} after dedup; dropped as wildlife: {len(dropped)}")
    for t in dropped:
        print("  wildlife-drop:", t)
    write_jsonl(OUT_DIR / "th.listing.jsonl", cap(records, CAP))


if __name__ == "__main__":
    main()
