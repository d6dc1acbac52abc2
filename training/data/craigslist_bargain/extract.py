"""Extract real Craigslist listings (English) from stanfordnlp/cocoa (CraigslistBargain scrape).

Usage: python extract.py /work/.mirror/stanfordnlp+cocoa/repo
Writes en.jsonl next to this script. Stdlib only.

Reads craigslistbargain/scraper/data/negotiation/craigslist_<category>.json at commit 7cdcbf51...
(the commit named in the brief; the data files are identical at HEAD).
"""

import html
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, clip, git, mask, norm_key, resolve_commit, squeeze

CAP = 12_000
COMMIT_PREFIX = "7cdcbf51"
OUT_DIR = Path(__file__).resolve().parent
DATA_DIR = "craigslistbargain/scraper/data/negotiation"
CATEGORIES = ("bike", "car", "electronics", "furniture", "housing", "phone")

_URL = re.compile(r"(?i)(?:https?://|www\.)\S+|\b[a-z0-9.-]+\.(?:com|net|org|edu|us|io|ly|me)/\S*")
_PHONE = re.compile(
    r"(?<![\w$,.])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?![\w,])|(?<![\w$,.])\d{10}(?!\w)"
)
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z_]\w{1,}")
_MOJI = re.compile(r"Ã.|Â[\xa0-\xbf]|â€")

# Words naming an animal or an animal product: such listings are hard negatives ("tiger stripe chair").
ANIMAL_TERMS = (
    "tiger",
    "shark",
    "ivory",
    "leather",
    "fur",
    "furs",
    "faux fur",
    "bone",
    "bones",
    "horn",
    "horns",
    "elephant",
    "rhino",
    "rhinoceros",
    "crocodile",
    "croc",
    "alligator",
    "gator",
    "snake",
    "snakeskin",
    "python",
    "cobra",
    "turtle",
    "tortoise",
    "tortoiseshell",
    "shell",
    "pangolin",
    "parrot",
    "bird",
    "feather",
    "feathers",
    "mink",
    "fox",
    "leopard",
    "cheetah",
    "jaguar",
    "lion",
    "bear",
    "bears",
    "zebra",
    "cowhide",
    "sheepskin",
    "lambskin",
    "suede",
    "deer",
    "antler",
    "antlers",
    "tusk",
    "whale",
    "coral",
    "pearl",
    "mother of pearl",
    "ostrich",
    "eagle",
    "wolf",
    "rabbit",
    "cat",
    "dog",
    "puppy",
    "kitten",
    "horse",
    "pony",
    "fish",
    "monkey",
    "owl",
    "skin",
    "skins",
)
_ANIMAL = re.compile(
    r"(?i)\b(" + "|".join(sorted((re.escape(t) for t in ANIMAL_TERMS), key=len, reverse=True)) + r")s?\b"
)


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252 when that is plainly what happened."""
    if not _MOJI.search(text):
        return text
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text
    return fixed


def clean(text: str) -> str:
    """Strip HTML, mask URLs/e-mails/phones/handles, collapse whitespace."""
    text = mask(html.unescape(fix_mojibake(text)), url=_URL, phone=_PHONE)
    return squeeze(_HANDLE.sub("@user", text))


def join_title(title: str, body: str) -> str:
    if not title:
        return body
    if not body:
        return title
    sep = " " if title[-1] in ".!?:" else ". "
    return title + sep + body


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: extract.py <mirror git dir>")
    mirror = sys.argv[1]
    commit = resolve_commit(mirror, prefix=COMMIT_PREFIX)
    records: list[dict[str, Any]] = []
    seen: set[str] = set()
    dropped = {"empty": 0, "dup": 0}
    for cat in CATEGORIES:
        path = f"{DATA_DIR}/craigslist_{cat}.json"
        rows = json.loads(git(mirror, "show", f"{commit}:{path}").decode("utf-8"))
        for row in rows:
            title = clean(row.get("title") or "")
            desc = clean(" ".join(row.get("description") or []))
            price = int(row["price"])
            price_txt = f"${price:,}"
            body = join_title(title, desc)
            if len(body) < 3 or not desc:
                dropped["empty"] += 1
                continue
            body = clip(body, 2000 - len(price_txt) - 1)
            text = f"{body} {price_txt}"
            # exact duplicates on normalised text, and near-duplicates: reposts whose description
            # (letters and digits only) is the same under another title or price
            key = norm_key(text)
            near = "desc:" + re.sub(r"[\W_]+", "", desc.lower())
            if key in seen or (len(near) > 45 and near in seen):
                dropped["dup"] += 1
                continue
            seen.add(key)
            seen.add(near)
            meta: dict[str, Any] = {
                "title": title,
                "price": str(price),
                "category": cat,
            }
            hits = sorted({m.group(1).lower() for m in _ANIMAL.finditer(f"{title} {desc}")})
            if hits:
                meta["animal_terms"] = hits
            records.append(
                {
                    "id": f"cl-{row['post_id']}",
                    "text": text,
                    "lang": "en",
                    "kind": "listing",
                    "label": "benign",
                    "source": f"github:stanfordnlp/cocoa@{commit}:{path}",
                    "meta": meta,
                }
            )
    if len(records) > CAP:
        records = random.Random(SEED).sample(records, CAP)
    records.sort(key=lambda r: r["id"])
    out = OUT_DIR / "en.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    flagged = sum(1 for r in records if "animal_terms" in r["meta"])
    print(
        f"commit {commit}: wrote {len(records)} records to {out} ({flagged} flagged animal_terms); dropped {dropped}"
    )


if __name__ == "__main__":
    main()
