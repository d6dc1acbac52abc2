"""Extract real English auction-lot titles and antique-dealer stock descriptions.

Usage:
  python extract.py --lots-csv /tmp/lots/lots.csv \
      --atlas-mirror /work/.mirror/Abhisheklpu1731+Web_scrapping_trackzio/repo
Writes en.jsonl next to this script. Stdlib only.

Sources:
1. bdelamatre/auction-analysis@c1a9a0855afb78cf326b66c91ac87ec92a25b328:data/lots.csv
   1,500 lots of a three-day sale at Thomaston Place Auction Galleries (Maine, USA): lot number, catalogue
   title, low/high estimate. The repository snapshot is 1.8 GB (lot images) and cannot be fetched here,
   so the CSV was copied page by page through the search tool's read_file (16 pages, 248,997 characters,
   exactly the stored file's size; sha256 below). That copy is the --lots-csv argument.
2. Abhisheklpu1731/Web_scrapping_trackzio@b9088ae87006479bee99ca742e4158a0b0595240:data/raw/antiques_atlas_raw.json
   121 antique-dealer stock listings scraped from a UK dealers' marketplace (title, description <= 300 chars,
   category), read from the fetched mirror with `git show`.

Label: `violating` where the lot names an ivory / marine-ivory / tortoiseshell / rhino-horn / whale product
(POLICY.md: dealers and auction houses presenting an item count as offering it; ivory of any age counts),
else `benign`. Other animal materials (bone, horn, mother-of-pearl, shagreen, leather) are flagged in meta.
"""

import argparse
import csv
import hashlib
import html
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import URL_PLAIN, git, mask, squeeze

OUT_DIR = Path(__file__).resolve().parent
LOTS_SOURCE = "github:bdelamatre/auction-analysis@c1a9a0855afb78cf326b66c91ac87ec92a25b328:data/lots.csv"
LOTS_SHA256 = "4bd617a7dc4934be3ce4a92c0fe36c17a8c05cae9ac19a79e83347fad51bca7a"
ATLAS_PATH = "data/raw/antiques_atlas_raw.json"

_VIOLATING = re.compile(
    r"(?i)\b(ivory|ivories|tortoise[\s-]?shell|whale'?s?[\s-]+(?:tooth|teeth)|whale[\s-]?bone|walrus|"
    r"rhino(?:ceros)?[\s-]+horn|pangolin|hornbill|shahtoosh|sea[\s-]turtle shell)\b"
)
# "ivory" as a colour ("an ivory textured background", "ivory enamel") is not ivory
_IVORY_COLOUR = re.compile(
    r"(?i)\bivory[\s-]+(?:textured|colou?r(?:ed)?|white|enamel(?:led)?|background|ground|glaze[d]?|tones?|silk|"
    r"satin|paper|leather|painted|lacquer(?:ed)?|crackle)\b"
)
_OTHER_ANIMAL = re.compile(
    r"(?i)\b(bone|horn|antler|tusk|tooth|teeth|shell|mother[\s-]of[\s-]pearl|pearl|coral|shagreen|leather|"
    r"pigskin|hide|fur|feather|scrimshaw|tiger|elephant|rhino|shark|whale|whaling|turtle)s?\b"
)
_PHONE = re.compile(r"(?<![\w$,.#-])(?:\+44\s?|0)\d{2,4}[\s-]?\d{3,4}[\s-]?\d{3,4}(?![\w,])")


def clean(text: str | None) -> str:
    if not text:
        return ""
    return squeeze(mask(html.unescape(text), url=URL_PLAIN, phone=_PHONE))


def flags(text: str) -> tuple[list[str], list[str]]:
    bad = sorted({m.group(1).lower() for m in _VIOLATING.finditer(_IVORY_COLOUR.sub(" ", text))})
    other = sorted({m.group(1).lower() for m in _OTHER_ANIMAL.finditer(text)} - set(bad))
    return bad, other


def thomaston(path: str) -> list[dict[str, Any]]:
    raw = Path(path).read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != LOTS_SHA256:
        sys.exit(f"{path}: sha256 {digest} is not the copy this script was written for")
    out: list[dict[str, Any]] = []
    for row in csv.DictReader(io.StringIO(raw.decode("utf-8"))):
        title = clean(row["title"])
        if not title:
            continue  # 4 lots have no title in the file (only a URL slug); not reconstructed
        low, high = int(row["estimate_low"]), int(row["estimate_high"])
        head = title.rstrip(",;: ")
        text = f"Lot {row['lot_number']}: {head}. Estimate ${low:,}-${high:,}"
        bad, other = flags(title)
        meta: dict[str, Any] = {
            "house": "Thomaston Place Auction Galleries",
            "sale_day": row["day"],
            "lot_number": row["lot_number"],
            "title": title,
            "estimate_low": low,
            "estimate_high": high,
        }
        if bad:
            meta["violating_terms"] = bad
        if other:
            meta["animal_terms"] = other
        out.append(
            {
                "id": f"thomaston-{row['lot_number']}",
                "text": text,
                "lang": "en",
                "kind": "auction_lot",
                "label": "violating" if bad else "benign",
                "source": LOTS_SOURCE,
                "meta": meta,
            }
        )
    return out


def atlas(mirror: str) -> list[dict[str, Any]]:
    commit = git(mirror, "rev-parse", "HEAD").decode().strip()
    rows = json.loads(git(mirror, "show", f"HEAD:{ATLAS_PATH}").decode("utf-8"))
    out: list[dict[str, Any]] = []
    for row in rows:
        title = clean(row.get("item_title")).rstrip(".")
        desc = clean(row.get("description_raw"))
        if len(desc) >= 295 and " " in desc:  # og:description is cut at 300 characters: drop the broken word
            desc = desc[: desc.rfind(" ")].rstrip(" ,;:-") + " ..."
        if not desc or not title:
            continue
        price = clean(row.get("listed_price"))
        text = f"{title}. {desc}" + (f" {price}" if price else "")
        bad, other = flags(f"{title} {desc}")
        slug = (row.get("source_url") or "").rstrip("/").rsplit("/", 1)[-1]
        meta: dict[str, Any] = {"site": "antiques-atlas.com", "category": row.get("category"), "title": title}
        if price:
            meta["price"] = price
        if bad:
            meta["violating_terms"] = bad
        if other:
            meta["animal_terms"] = other
        out.append(
            {
                "id": f"atlas-{slug}",
                "text": text[:2000],
                "lang": "en",
                "kind": "auction_lot",
                "label": "violating" if bad else "benign",
                "source": f"github:Abhisheklpu1731/Web_scrapping_trackzio@{commit}:{ATLAS_PATH}",
                "meta": meta,
            }
        )
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--lots-csv", required=True)
    ap.add_argument("--atlas-mirror", required=True)
    args = ap.parse_args()
    records = thomaston(args.lots_csv) + atlas(args.atlas_mirror)
    seen: set[str] = set()
    kept: list[dict[str, Any]] = []
    dup = 0
    for rec in records:
        key = re.sub(r"\s+", " ", rec["text"].lower())
        if key in seen:
            dup += 1
            continue
        seen.add(key)
        kept.append(rec)
    kept.sort(key=lambda r: r["id"])
    dest = OUT_DIR / "en.jsonl"
    with dest.open("w", encoding="utf-8") as fh:
        for rec in kept:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    n_bad = sum(r["label"] == "violating" for r in kept)
    print(f"wrote {len(kept)} records ({n_bad} violating) to {dest}; {dup} exact duplicates dropped")


if __name__ == "__main__":
    main()
