"""Extract Tokopedia listings and reviews (Indonesian) from PRDECT-ID.

Usage: python extract.py /work/.mirror/rhiosutoyo+PRDECT-ID-Indonesian-Product-Reviews-Dataset/repo
Writes id.listing.jsonl and id.review.jsonl next to this script. Stdlib only.
"""

import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, clean_sea, dedup, git_head, git_show, valid, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "rhiosutoyo/PRDECT-ID-Indonesian-Product-Reviews-Dataset"
PATH = "Dataset/PRDECT-ID Dataset.csv"
CAP = 6000  # listings and reviews together


def rupiah(value: str) -> str:
    return "Rp " + f"{int(float(value)):,}".replace(",", ".")


def main() -> None:
    import csv
    import io

    mirror = sys.argv[1]
    commit = git_head(mirror)
    src = f"github:{REPO}@{commit}:{PATH}"
    rows = list(csv.DictReader(io.StringIO(git_show(mirror, PATH).decode("utf-8-sig"))))
    listings: list[dict[str, Any]] = []
    reviews: list[dict[str, Any]] = []
    product_ids: dict[tuple[str, str, str], int] = {}
    for i, row in enumerate(rows):
        name = clean_sea(row["Product Name"])
        key = (name, row["Price"], row["Location"])
        if key not in product_ids:
            pid = len(product_ids)
            product_ids[key] = pid
            text = f"{name}, {rupiah(row['Price'])}, {clean_sea(row['Location'])}"
            if valid(name):
                listings.append(
                    {
                        "id": f"prdect-l-{pid:04d}",
                        "text": text,
                        "lang": "id",
                        "kind": "listing",
                        "label": "benign",
                        "source": src,
                        "meta": {
                            "title": name,
                            "price": row["Price"],
                            "currency": "IDR",
                            "location": row["Location"],
                            "category": row["Category"],
                            "number_sold": row["Number Sold"],
                            "overall_rating": row["Overall Rating"],
                        },
                    }
                )
        review = clean_sea(row["Customer Review"])
        if valid(review):
            reviews.append(
                {
                    "id": f"prdect-r-{i:04d}",
                    "text": review,
                    "lang": "id",
                    "kind": "review",
                    "label": "benign",
                    "source": src,
                    "meta": {
                        "product_id": f"prdect-l-{product_ids[key]:04d}",
                        "category": row["Category"],
                        "rating": row["Customer Rating"],
                        "sentiment": row["Sentiment"],
                        "emotion": row["Emotion"],
                    },
                }
            )
    seen: set[str] = set()
    listings = dedup(listings, seen)
    reviews = dedup(reviews, seen)
    room = CAP - len(listings)
    if len(reviews) > room:
        reviews = random.Random(SEED).sample(reviews, room)
    write_jsonl(OUT_DIR / "id.listing.jsonl", listings)
    write_jsonl(OUT_DIR / "id.review.jsonl", reviews)


if __name__ == "__main__":
    main()
