"""Extract Shopee Thailand product titles with prices from sharp2710/shopee-scraping `shopee.csv`
(a 2022 scrape of shopee.co.th search results for "ลูกชิ้น" (meatballs) and the items Shopee showed
with them: link, image, price, sold, name as a token list).

Text = "{title} {price}" with the price as Shopee shows it ("฿149", "฿99 - ฿350").

Usage: python extract.py /work/.mirror/sharp2710+shopee-scraping/repo
Writes th.listing.jsonl next to this script. Stdlib only.
"""

import ast
import csv
import io
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SENSE_TH, WILDLIFE_TH, clean_shop, git_show, valid_shop, write_listings

OUT_DIR = Path(__file__).resolve().parent


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
        title = clean_shop("".join(ast.literal_eval(row["name"])))
        price = clean_shop(row["price"])
        if not title or not price.startswith("฿"):
            continue
        text = f"{title} {price}"
        if not valid_shop(title):
            continue
        if WILDLIFE_TH.search(title):
            dropped.append(title)
            continue
        m = _ITEM.search(row["link"])
        rid = f"shopee-{m.group(1)}-{m.group(2)}" if m else f"shopee-row{n:05d}"
        meta: dict[str, Any] = {"title": title, "price": price, "sold": row["sold"], "search": "ลูกชิ้น"}
        s = SENSE_TH.search(title)
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
    write_listings(OUT_DIR / "th.listing.jsonl", records, dropped, CAP)


if __name__ == "__main__":
    main()
