"""Extract Polish OLX.pl guitar listing titles with prices (November 2021) collected by
adriangonciarz/guitar-scrapper (file olx.csv, present only in commit 1175c2ab).

Usage: python extract.py /work/.mirror/adriangonciarz+guitar-scrapper/repo
Writes pl.listing.jsonl next to this script. Stdlib only.
"""

import csv
import io
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import clean_ad, dedup_near, fmt_amount, git_show, join_ad, keep_ad, write_jsonl

OUT_DIR = Path(__file__).resolve().parent
csv.field_size_limit(10**9)


REPO = "adriangonciarz/guitar-scrapper"
REV = "1175c2ab1df46319f030288b6452a6507bfac2ab"  # olx.csv was deleted in the next commit
PATH = "olx.csv"
SOLD = re.compile(r"(?i)\bSPRZEDAN[YAE]\b\s*#*\s*")


def main() -> None:
    mirror = sys.argv[1]
    text_all = git_show(mirror, PATH, REV).decode("utf-8")
    rows = list(csv.reader(io.StringIO(text_all), delimiter=";"))
    records: list[dict[str, Any]] = []
    dropped = {"wildlife": 0, "invalid": 0}
    for i, row in enumerate(rows):
        if len(row) < 5:
            continue
        brand, title, price = row[0], row[2], row[3]
        title = clean_ad(SOLD.sub("", title))
        price_txt = f"{fmt_amount(float(price))} zł" if re.fullmatch(r"\d+(\.\d+)?", price.strip()) else ""
        text = join_ad(title, "", price_txt)
        if not keep_ad(text, dropped):
            continue
        meta: dict[str, Any] = {"title": title, "category": "Muzyka i Edukacja / gitary", "price": price_txt}
        if brand != "None":
            meta["brand"] = brand
        records.append(
            {
                "id": f"olxguitar-{i:04d}",
                "text": text,
                "lang": "pl",
                "kind": "listing",
                "label": "benign",
                "source": f"github:{REPO}@{REV}:{PATH}",
                "meta": meta,
            }
        )
    n0 = len(records)
    records = dedup_near(records)
    print("dropped", dropped, "duplicates", n0 - len(records))
    write_jsonl(OUT_DIR / "pl.listing.jsonl", records)


if __name__ == "__main__":
    main()
