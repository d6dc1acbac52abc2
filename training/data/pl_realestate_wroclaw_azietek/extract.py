"""Extract Polish real-estate sale ads (Wrocław, OLX / Otodom / Morizon, 2023-2024) with title,
description and price, scraped by azietek/real-estate-market-analysis (student project).

Usage: python extract.py /work/.mirror/azietek+real-estate-market-analysis/repo
Writes pl.listing.jsonl (and pl.wanted.jsonl if any) next to this script. Stdlib only.
"""

import csv
import io
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import cap, clean_ad, dedup_near, git_show, join_ad, keep_ad, truncate, write_jsonl

OUT_DIR = Path(__file__).resolve().parent
csv.field_size_limit(10**9)


REPO = "azietek/real-estate-market-analysis"
# Files with free-text descriptions (`opis`); the others hold numeric features only.
PATHS = [
    "data/oferty.csv",
    "data/oferty_all.csv",
    "data/combined_24.csv",
    "data/morizon_1_10.csv",
    "data/morizon_11_40.csv",
    "data/morizon_40_80.csv",
    "data/morizon_280124.csv",
]
CAP = 3000
DESC_LIMIT = 700
WANTED = re.compile(r"(?i)\b(kupię|kupie|poszukuję|poszukuje|szukam)\b")
BAD_TITLES = {"opis nieruchomości", "opis", ""}


def price_text(raw: str) -> str:
    raw = re.sub(r"\s+", " ", (raw or "")).strip()
    if not raw or not re.search(r"\d", raw):
        return ""
    return raw if "zł" in raw else f"{raw} zł"


def main() -> None:
    mirror = sys.argv[1]
    commit = subprocess.run(
        ["git", "--git-dir", mirror, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    records: list[dict[str, Any]] = []
    dropped = {"wildlife": 0, "invalid": 0, "no_text": 0}
    for path in PATHS:
        rows = list(csv.DictReader(io.StringIO(git_show(mirror, path, commit).decode("utf-8", "replace"))))
        stem = path.rsplit("/", 1)[-1].removesuffix(".csv")
        for i, row in enumerate(rows):
            title = clean_ad(row.get("nazwa_ogloszenia") or row.get("nazwa ogloszenia") or "")
            desc = clean_ad(row.get("opis") or "")
            if title.lower() in BAD_TITLES:
                # morizon rows sometimes carry the section heading instead of the ad title
                title = ""
            if not desc:
                dropped["no_text"] += 1
                continue
            desc = truncate(desc, DESC_LIMIT)
            price = price_text(row.get("cena", ""))
            text = join_ad(title, desc, price) if title else (f"{desc} {price}".strip())
            if not keep_ad(text, dropped):
                continue
            kind = "wanted" if title and WANTED.search(title) else "listing"
            meta: dict[str, Any] = {"title": title, "category": "nieruchomości / mieszkanie na sprzedaż"}
            if price:
                meta["price"] = price
            loc = (row.get("lokalizacja") or "").strip()
            if loc:
                meta["location"] = loc
            records.append(
                {
                    "id": f"{stem}-{i:05d}",
                    "text": text,
                    "lang": "pl",
                    "kind": kind,
                    "label": "benign",
                    "source": f"github:{REPO}@{commit}:{path}",
                    "meta": meta,
                }
            )
    n0 = len(records)
    records = dedup_near(records)
    print("dropped", dropped, "duplicates", n0 - len(records))
    records = cap(records, CAP)
    for kind in ("listing", "wanted"):
        sub = [r for r in records if r["kind"] == kind]
        if sub:
            write_jsonl(OUT_DIR / f"pl.{kind}.jsonl", sub)


if __name__ == "__main__":
    main()
