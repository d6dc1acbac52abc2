"""Extract Swedish Blocket classified-ad titles (2004-2013) collected by the site bestofblocket.se,
from the fixture anonser.json in anderspetersson/bestofblocket (present in commit
f462f4b871bd26dc804f7b695f66d016e8d09f9b, removed later; the bare mirror holds that commit).

Titles that ask to buy ("köpes", "sökes", "önskas", "vill ha/köpa/hyra") become kind `wanted`; offers
of live domestic animals kind `animal_listing`; the rest kind `listing`.

Usage: python extract.py /work/.mirror/anderspetersson+bestofblocket/repo
Writes sv.listing.jsonl, sv.wanted.jsonl and sv.animal_listing.jsonl next to this script. Stdlib only.
"""

import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import clean_europe, dedup_near, git_show, valid_words, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "anderspetersson/bestofblocket"
REV = "f462f4b871bd26dc804f7b695f66d016e8d09f9b"
PATH = "anonser.json"
# Live domestic animals offered (cats, dogs, horses, aquarium fish, poultry): kind animal_listing,
# still benign under POLICY.md ("lawful animals ... cats, dogs").
ANIMAL = re.compile(
    r"(?i)\b(katt|katten|kattung\w*|honkattunge|kattvalpar|valp\w*|hund|hunden|hundar|"
    r"unghund|vakthund|jakthund\w*|schäfer\w*|amstaff|häst|travhäst|d-ponny|ponny|"
    r"guldfisk\w*|akvariefisk\w*|kanin\w*|marsvin|höns|dvärghöns\w*|duvor|get)\b"
)
NOT_ANIMAL = re.compile(
    r"(?i)\b(till|för)\s+(\w+\s+)?(häst|hund|marsvin|kanin)|transport|skjuts|"
    r"försvunn|utebur"
)
WANTED = re.compile(r"(?i)\b(köpes|sökes|önskas|vill (ha|köpa|hyra)|letar efter)\b")


def main() -> None:
    mirror = sys.argv[1]
    rows = json.loads(git_show(mirror, PATH, REV))
    records: list[dict[str, Any]] = []
    for i, row in enumerate(rows):
        f = row["fields"]
        text = clean_europe(f["rubrik"]).rstrip(".").strip()
        if not valid_words(text):
            continue
        kind = (
            "wanted"
            if WANTED.search(text)
            else "animal_listing"
            if (ANIMAL.search(text) and not NOT_ANIMAL.search(text))
            else "listing"
        )
        records.append(
            {
                "id": f"bestofblocket-{i:04d}",
                "text": text,
                "lang": "sv",
                "kind": kind,
                "label": "benign",
                "source": f"github:{REPO}@{REV}:{PATH}",
                "meta": {"title": text, "date": f["datum"], "pk": row["pk"]},
            }
        )
    records = dedup_near(records, retweet=True)
    for kind in ("listing", "wanted", "animal_listing"):
        write_jsonl(OUT_DIR / f"sv.{kind}.jsonl", [r for r in records if r["kind"] == kind])


if __name__ == "__main__":
    main()
