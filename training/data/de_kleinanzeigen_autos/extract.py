"""Extract German used-car ad titles with prices from the eBay Kleinanzeigen "used cars" crawl
(autos.csv, the Dataquest 'Exploring eBay Car Sales' sample of the Kaggle "Used cars database"),
as committed in razo8a/ebay_car_sales.

The file is Windows-1252 encoded. Ad titles use '_' for spaces (as in the source URL slugs); they
are turned back into spaces. The Dataquest sample writes the euro asking price as "$5,000"; it is
rendered as "5.000 €" here (the site's currency). Ads with no price (0) or a price above 500,000
are kept without a price.

Usage: python extract.py /work/.mirror/razo8a+ebay_car_sales/repo
Writes de.jsonl next to this script. Stdlib only.
"""

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import cap, clean_europe, dedup_near, git_head, git_show, read_csv, valid_words, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "razo8a/ebay_car_sales"
PATH = "autos.csv"
CAP = 5000


def euro(price: str) -> str:
    digits = re.sub(r"[^\d]", "", price)
    if not digits or not 0 < int(digits) <= 500_000:
        return ""
    return f"{int(digits):,}".replace(",", ".") + " €"


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    records: list[dict[str, Any]] = []
    for i, row in enumerate(read_csv(git_show(mirror, PATH), encoding="cp1252")):
        if row["offerType"] != "Angebot":
            continue
        title = clean_europe(re.sub(r"_+", " ", row["name"]))
        if not valid_words(title, min_words=1) or len(title) < 4:
            continue
        price = euro(row["price"])
        text = f"{title} – {price}" if price else title
        meta = {
            "title": title,
            "price_eur": price.removesuffix(" €") or None,
            "vehicle_type": row["vehicleType"] or None,
            "brand": row["brand"],
            "year": row["yearOfRegistration"],
            "seller": row["seller"],
        }
        records.append(
            {
                "id": f"kleinanz-autos-{i:05d}",
                "text": text,
                "lang": "de",
                "kind": "listing",
                "label": "benign",
                "source": f"github:{REPO}@{commit}:{PATH}",
                "meta": {k: v for k, v in meta.items() if v},
            }
        )
    records = cap(dedup_near(records, retweet=True), CAP)
    write_jsonl(OUT_DIR / "de.jsonl", records)


if __name__ == "__main__":
    main()
