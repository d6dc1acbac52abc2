"""Extract Thai product listings (title + price) scraped in 2022 from Lazada Thailand and
WeLoveShopping by the student project Apizz789/TOC_Web_Scraping (CSV and JSON files the project
committed for its Django demo).

Text = "{title} {price}" with the price as the site shows it ("฿5,183.00", "650 บาท").

Usage: python extract.py /work/.mirror/Apizz789+TOC_Web_Scraping/repo
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
import csv
import io
import sys

REPO = "Apizz789/TOC_Web_Scraping"
COMMIT = "a2634e58d8c9aab8bdafaf08692a4972da1d3a14"
B = "Test django/django_basic/blogs/"
# (path, format, platform). LAZADA.csv at the root is the same blob as the blogs/ copy.
FILES = [
    ("LAZADA.csv", "csv_shop", "Lazada"),
    ("WELOVESHOP.csv", "csv_shop", "WeLoveShopping"),
    ("ITEM_REALTIME.csv", "csv_noshop", "Lazada"),
    (B + "ITEM_REALTIME2.json", "json_list", "Lazada"),
    (B + "flash_sale.json", "json_list", "Lazada"),
    (B + "flash_sale2.json", "json_list", "Lazada"),
] + [
    (B + f"lazada/{c}2.json", "json_cols", "Lazada")
    for c in (
        "appliance",
        "audio",
        "electronics",
        "fitness",
        "groceries",
        "labtop",
        "menfashion",
        "smartphone",
        "sportbag",
        "tablet",
        "tv_video",
        "womenfashion",
    )
]
CAP = 3000
# Amulets and charms (พระเครื่อง, เบี้ยแก้) are lawful; nothing here names a protected species product.


def price_text(raw: str) -> str:
    """'฿5,183.00' stays; '650 บาท' -> '650 บาท' (as WeLoveShopping shows it)."""
    return clean(raw)


def items(path: str, fmt: str, raw: str) -> list[tuple[str, str, str, str]]:
    """(title, price, shop, category) per item."""
    out = []
    if fmt in ("csv_shop", "csv_noshop"):
        for r in csv.DictReader(io.StringIO(raw)):
            cat = r.get("หมวดหมู่", "")
            cat = cat.strip("[]").replace("'", "").split(", ")[-1] if cat else ""
            out.append((r["ชื่อสินค้า"], r["ราคา"], r.get("ชื่อร้าน", ""), cat))
    elif fmt == "json_list":
        for r in json.loads(raw):
            cat = r.get("category") or []
            out.append((r["name"], r["price"], "", cat[-1] if isinstance(cat, list) and cat else str(cat)))
    elif fmt == "json_cols":
        d = json.loads(raw)
        cat = path.rsplit("/", 1)[-1].removesuffix("2.json")
        for title, price, shop in zip(d["item"], d["price"], d.get("sellername", [""] * len(d["item"]))):
            out.append((title, price, shop, cat))
    return out


def main() -> None:
    mirror = sys.argv[1]
    records: list[dict[str, Any]] = []
    dropped = []
    for path, fmt, platform in FILES:
        raw = git_show(mirror, path, COMMIT).decode("utf-8-sig")
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0].lower()
        for n, (title, price, shop, cat) in enumerate(items(path, fmt, raw)):
            title = clean(title)
            p = price_text(price)
            if not valid(title) or not re.search(r"\d", p):
                continue
            if WILDLIFE.search(title):
                dropped.append(title)
                continue
            meta: dict[str, Any] = {"title": title, "price": p, "platform": platform}
            if cat:
                meta["category"] = clean(cat)
            if shop.strip():
                meta["shop"] = clean(shop)
            s = SENSE.search(title)
            if s:
                meta["sense"] = s.group(0)
            records.append(
                {
                    "id": f"toc-{stem}-{n:04d}",
                    "text": f"{title} {p}",
                    "lang": "th",
                    "kind": "listing",
                    "label": "benign",
                    "source": f"github:{REPO}@{COMMIT}:{path}",
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
