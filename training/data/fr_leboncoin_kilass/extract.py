"""Extract French Leboncoin classified ads (title, body, price) scraped by kilass/leboncoin-scrapper
(a hobby project focused on 3D printers, 2023-2025 ads), from three historical versions of
annonces_leboncoin.csv (the HEAD version is over the snapshot size limit).

Usage: python extract.py /work/.mirror/kilass+leboncoin-scrapper/repo
Writes fr.listing.jsonl (and fr.wanted.jsonl if any) next to this script. Stdlib only.
"""

import csv
import io
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import clean_ad, dedup_near, fmt_amount, git_show, join_ad, keep_ad, truncate, write_jsonl

OUT_DIR = Path(__file__).resolve().parent
csv.field_size_limit(10**9)


REPO = "kilass/leboncoin-scrapper"
# The file grew over the history and is over the snapshot's 4 MiB limit at HEAD; these commits hold it.
VERSIONS = [
    ("b52b80ae8dbb7920beb7b48f532a8e89f9bfba3f", "annonces_leboncoin.csv"),
    ("8386b22be3822773e4395a0a02b7ada83a68e8ac", "annonces_leboncoin.csv"),
    ("a12162a063d1841c1017142d73a93a118903d301", "annonces_leboncoin.csv"),
]
DESC_LIMIT = 900
WANTED = re.compile(r"(?i)^\s*(recherche|cherche|je cherche|achète|j'achète|rech\.?)\b")


def price_text(row: dict[str, str]) -> str:
    cents = (row.get("price_cents") or "").strip()
    if cents.replace(".", "", 1).isdigit():
        return f"{fmt_amount(float(cents) / 100)} €"
    raw = re.sub(r"[^\d.]", "", row.get("price") or "")
    return f"{fmt_amount(float(raw))} €" if raw else ""


def main() -> None:
    mirror = sys.argv[1]
    records: list[dict[str, Any]] = []
    seen_ids: set[str] = set()
    dropped = {"wildlife": 0, "invalid": 0}
    for rev, path in VERSIONS:
        rows = list(csv.DictReader(io.StringIO(git_show(mirror, path, rev).decode("utf-8"))))
        for row in rows:
            lid = row["list_id"].strip()
            if lid in seen_ids:
                continue
            seen_ids.add(lid)
            title = clean_ad(row["subject"])
            desc = truncate(clean_ad(row.get("body", "")), DESC_LIMIT)
            price = price_text(row)
            text = join_ad(title, desc, price)
            if not keep_ad(text, dropped):
                continue
            ad_type = (row.get("ad_type") or "offer").strip()
            kind = "wanted" if ad_type == "demand" or WANTED.search(title) else "listing"
            records.append(
                {
                    "id": f"lbc-{lid}",
                    "text": text,
                    "lang": "fr",
                    "kind": kind,
                    "label": "benign",
                    "source": f"github:{REPO}@{rev}:{path}",
                    "meta": {
                        "title": title,
                        "category": row.get("category_name", "").strip(),
                        "price": price,
                        "ad_type": ad_type,
                    },
                }
            )
    records = dedup_near(records)
    print("dropped", dropped)
    for kind in ("listing", "wanted"):
        sub = [r for r in records if r["kind"] == kind]
        if sub:
            write_jsonl(OUT_DIR / f"fr.{kind}.jsonl", sub)


if __name__ == "__main__":
    main()
