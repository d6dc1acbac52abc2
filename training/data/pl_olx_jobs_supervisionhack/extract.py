"""Extract Polish OLX.pl job ads (title, description, wage) collected for the KNF SupervisionHack 2023
(fake-job-offer detection) by Saniewski/supervision-hack-dsc, file data/olx.csv (ordinary OLX "Praca"
listings). Apache-2.0.

Usage: python extract.py /work/.mirror/Saniewski+supervision-hack-dsc/repo
Writes pl.listing.jsonl next to this script. Stdlib only.
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


REPO = "Saniewski/supervision-hack-dsc"
PATH = "data/olx.csv"
CAP = 1500
DESC_LIMIT = 600
LIST_ITEM = re.compile(r"'((?:[^'\\]|\\.)*)'")
WAGE = re.compile(r"\d[\d\s,]*\s*zł")
# Rows the hackathon itself flags as typical of fake / scam job offers (remote "easy money", MLM,
# money mules, personal-data collection): dropped so that the file holds ordinary offers only.
SUSPICIOUS = re.compile(
    r"(?i)(praca zdalna|w domu|z domu|bez doświadczenia.*(wysok|duż)\w* zarob|łatw\w* pieni|"
    r"kryptowalut|inwestycj|forex|dane osobowe do|numer konta|telegram|whatsapp|sponsor|towarzysk|"
    r"randk|masaż|erotyczn|escort)"
)


def items(cell: str) -> list[str]:
    return [m.replace("\\'", "'").strip() for m in LIST_ITEM.findall(cell or "")]


def main() -> None:
    mirror = sys.argv[1]
    commit = subprocess.run(
        ["git", "--git-dir", mirror, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout.strip()
    rows = list(csv.DictReader(io.StringIO(git_show(mirror, PATH, commit).decode("utf-8")), delimiter=";"))
    records: list[dict[str, Any]] = []
    dropped = {"suspicious": 0, "wildlife": 0, "invalid": 0}
    for row in rows:
        idx = int(row[""])
        title_items = items(row.get("titles", ""))
        title = clean_ad(title_items[0]) if title_items else ""
        desc = clean_ad(row.get("descriptions", ""))
        # the scraper shifted columns when a field was missing: find the wage wherever it is
        cells = [
            c for k in ("wages", "locations", "employment_types", "job_times") for c in items(row.get(k, ""))
        ]
        wage = next((c for c in cells if WAGE.search(c)), "")
        wage = re.sub(r"zł zł", "zł", wage)
        if not title or not desc:
            dropped["invalid"] += 1
            continue
        text = join_ad(title, truncate(desc, DESC_LIMIT), clean_ad(wage))
        if SUSPICIOUS.search(text):
            dropped["suspicious"] += 1
            continue
        if not keep_ad(text, dropped):
            continue
        meta: dict[str, Any] = {"title": title, "category": "praca (oferta pracy)"}
        if wage:
            meta["price"] = clean_ad(wage)
        records.append(
            {
                "id": f"olxpraca-{idx:05d}",
                "text": text,
                "lang": "pl",
                "kind": "listing",
                "label": "benign",
                "source": f"github:{REPO}@{commit}:{PATH}",
                "meta": meta,
            }
        )
    n0 = len(records)
    records = dedup_near(records)
    print("dropped", dropped, "duplicates", n0 - len(records))
    write_jsonl(OUT_DIR / "pl.listing.jsonl", cap(records, CAP))


if __name__ == "__main__":
    main()
