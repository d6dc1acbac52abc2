"""Extract labelled eBay / eBid / 1stDibs listings (English) from VIDA-NYU/LTS.

Usage: python extract.py /work/.mirror/VIDA-NYU+LTS/repo
Writes en.animal_listing.jsonl and en.listing.jsonl next to this script. Stdlib only.

Files (the only labelled listing files in the snapshot; data_leather.csv and shark_trophy.csv are
over 4 MiB and absent from it, and they are unlabelled pools anyway):
- data_use_cases/validation_sharks.csv: label 1 = a product from a real shark, ray or chimaera (several
  teeth / jaw / skin...; a single or fossil tooth is 0), label 0 = anything else (other animals too).
- data_use_cases/leather_validation.csv: label 1 = a product of real animal origin (leather, exotic skin,
  fur, shell, insect, skull, fossil...), label 0 = not (stamps, prints, faux leather, toys...).
"""

import csv
import html
import io
import json
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import clip, git, mask, norm_key, squeeze

OUT_DIR = Path(__file__).resolve().parent
FILES = {
    "data_use_cases/validation_sharks.csv": "shark",
    "data_use_cases/leather_validation.csv": "animal_origin",
}

_URL = re.compile(r"(?i)(?:https?://|www\.)\S+|\b[a-z0-9.-]+\.(?:com|net|org|edu|us|uk|io|ly|me)/\S*")
_PHONE = re.compile(r"(?<![\w$,.#-])(?:\+?1[\s.-]?)?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}(?![\w,])")
_HANDLE = re.compile(r"(?<![\w@])@[A-Za-z_]\w{1,}")

# Some titles went through a byte-level ISO-8859-15 -> cp1252 swap inside their UTF-8 ("SchÀdel",
# "HermÚs", "КПшка", a shark emoji turned into U+1F288). Undo it where the damage is visible.
_SWAP = {0x80: 0xA4, 0x8A: 0xA6, 0x9A: 0xA8, 0x8E: 0xB4, 0x9E: 0xB8, 0x8C: 0xBC, 0x9C: 0xBD, 0x9F: 0xBE}
_SWAP_HINT = re.compile(r"[a-zà-ÿ][ÀÚÌŸ]|ÃŒ|[\u1100-\u11ff\u3400-\u4dbf\U0001F200-\U0001F2FF]|[А-я][ПЎМ]")
# Page-title boilerplate of the marketplaces.
_SITE_TAIL = re.compile(
    r"\s*(?:\|\s*eBay|\s+-\s+PicClick(?: [A-Z]{2})?|\s+on eBid [A-Z][A-Za-z ]+\|\s*\d+|\|\s*\d{6,}|\s+(?:For Sale )?at 1stDibs(?:\s*\|.*)?)\s*$"
)
# Titles that are not English (German / French collector listings).
_NOT_EN = re.compile(
    r"(?i)\b(?:und|mit|echtes|aus|eine|zahn|dose|schädel|geweih|leder|für|künstler|krokodil|holzstich|"
    r"wollhaarmammut|neue|von|crâne|di|della|coccodrillo)\b|-zahn"
)
# CITES-listed sharks and rays (Appendix II): named in label-1 shark listings as a flag for the lead.
_CITES = re.compile(
    r"(?i)\b(?:great white|carcharodon|white shark|mako|isurus|hammerhead|sphyrna|oceanic white ?tip|longimanus|"
    r"porbeagle|lamna|silky shark|falciformis|thresher|alopias|whale shark|rhincodon|basking shark|cetorhinus|"
    r"manta|mobula|sawfish|pristis pectinata|pristis pristis|pristis zijsron|wedgefish|rhynchobatus|guitarfish|glaucostegus|tiger shark|galeocerdo|"
    r"bull shark|leucas|blacktip|black tip|limbatus|lemon shark|negaprion|dusky|obscurus|sandbar|plumbeus|"
    r"bronze whaler|copper shark|brachyurus|blue shark|prionace|carcharhinus|reef shark|triaenodon|"
    r"spinner shark|brevipinna|bignose|grey reef)\b"
)
_FIN = re.compile(r"(?i)\bfins?\b")
# Animal words in a label-0 ("listing") row: many are still animals or animal parts of another species
# (a live tetra in the shark task, a fossil tooth), or lookalikes; flagged for the lead.
_ANIMAL = re.compile(
    r"(?i)\b(shark|ray|fish|taxidermy|skull|jaw|teeth|tooth|bone|horn|antler|tusk|ivory|shell|fur|leather|skin|"
    r"hide|pelt|feather|crocodile|croc|alligator|gator|caiman|python|snake|lizard|turtle|tortoise|elephant|rhino|"
    r"rhinoceros|tiger|leopard|lion|bear|wolf|deer|insect|beetle|butterfly|fossil|live)s?\b"
)


def repair(text: str) -> str:
    if not _SWAP_HINT.search(text):
        return text
    if "ÃŒ" in text or "Ã" in text:
        try:
            text = text.encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    raw = bytes(_SWAP.get(b, b) for b in text.encode("utf-8"))
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return text


def clean(text: str) -> str:
    """Strip HTML, mask URLs/e-mails/phones/handles, collapse whitespace."""
    text = mask(repair(html.unescape(text)), url=_URL, phone=_PHONE)
    return squeeze(_HANDLE.sub("@user", text))


def price_text(price: str, currency: str) -> str:
    try:
        value = float(price)
    except ValueError:
        return ""
    amount = f"{value:,.2f}"
    return f"${amount}" if currency in ("USD", "") else f"{currency} {amount}"


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: extract.py <mirror git dir>")
    mirror = sys.argv[1]
    commit = git(mirror, "rev-parse", "HEAD").decode().strip()
    out: dict[str, list[dict[str, Any]]] = {"animal_listing": [], "listing": []}
    seen: set[str] = set()
    dropped = {"not_en": 0, "dup": 0, "short": 0}
    for path, task in FILES.items():
        rows = list(csv.DictReader(io.StringIO(git(mirror, "show", f"HEAD:{path}").decode("utf-8"))))
        for row in rows:
            title = _SITE_TAIL.sub("", clean(row["title"])).strip(" |")
            desc = clean(row.get("description") or "")
            if _NOT_EN.search(title):
                dropped["not_en"] += 1
                continue
            body = title
            if desc and norm_key(desc) != norm_key(title):
                body = title + (" " if title[-1:] in ".!?" else ". ") + desc
            price = price_text(row.get("price") or "", row.get("currency") or "")
            body = clip(body, 1990 - len(price))
            text = f"{body} {price}".strip()
            if len(text) < 3:
                dropped["short"] += 1
                continue
            key = norm_key(text)
            if key in seen:
                dropped["dup"] += 1
                continue
            seen.add(key)
            orig = int(row["label"])
            kind = "animal_listing" if orig == 1 else "listing"
            meta: dict[str, Any] = {"task": task, "orig_label": orig, "title": title}
            if task == "shark":
                meta["orig_relevant"] = row.get("relevant") or None
                meta["domain"] = row.get("domain") or None
                if row.get("price"):
                    meta["price"] = row["price"]
                    meta["currency"] = row.get("currency") or None
            elif row.get("GPT_label"):
                meta["gpt_label"] = int(float(row["GPT_label"]))
            if kind == "listing":
                hits = sorted({m.group(1).lower() for m in _ANIMAL.finditer(title)})
                if hits:
                    meta["animal_terms"] = hits
            label = "unknown"
            if task == "shark" and orig == 1:
                species = sorted({m.group(0).lower() for m in _CITES.finditer(title)})
                if species:
                    meta["cites_listed_species"] = species
                    # only a fin of a CITES-listed species is plainly violating under POLICY.md
                    if _FIN.search(title):
                        label = "violating"
            rid = row.get("id") or row.get("index")
            out[kind].append(
                {
                    "id": f"lts-{task}-{rid}",
                    "text": text,
                    "lang": "en",
                    "kind": kind,
                    "label": label,
                    "source": f"github:VIDA-NYU/LTS@{commit}:{path}",
                    "meta": {k: v for k, v in meta.items() if v is not None},
                }
            )
    for kind, records in out.items():
        records.sort(key=lambda r: r["id"])
        dest = OUT_DIR / f"en.{kind}.jsonl"
        with dest.open("w", encoding="utf-8") as fh:
            for rec in records:
                fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
        print(f"{dest.name}: {len(records)}")
    print(f"commit {commit}; dropped {dropped}")


if __name__ == "__main__":
    main()
