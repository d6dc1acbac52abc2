"""Extract Thai product listings (title + price) scraped in 2022 from Lazada Thailand and
WeLoveShopping by the student project Apizz789/TOC_Web_Scraping (CSV and JSON files the project
committed for its Django demo).

Text = "{title} {price}" with the price as the site shows it ("฿5,183.00", "650 บาท").

Usage: python extract.py /work/.mirror/Apizz789+TOC_Web_Scraping/repo
Writes th.listing.jsonl next to this script. Stdlib only.
"""

import csv
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SENSE_TH, WILDLIFE_TH, clean_shop, git_show, valid_shop, write_listings

OUT_DIR = Path(__file__).resolve().parent


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
    return clean_shop(raw)


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
            title = clean_shop(title)
            p = price_text(price)
            if not valid_shop(title) or not re.search(r"\d", p):
                continue
            if WILDLIFE_TH.search(title):
                dropped.append(title)
                continue
            meta: dict[str, Any] = {"title": title, "price": p, "platform": platform}
            if cat:
                meta["category"] = clean_shop(cat)
            if shop.strip():
                meta["shop"] = clean_shop(shop)
            s = SENSE_TH.search(title)
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
    write_listings(OUT_DIR / "th.listing.jsonl", records, dropped, CAP)


if __name__ == "__main__":
    main()
