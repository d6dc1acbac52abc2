"""Extract Polish OLX.pl job ads (title, description, wage) collected for the KNF SupervisionHack 2023
(fake-job-offer detection) by Saniewski/supervision-hack-dsc, file data/olx.csv (ordinary OLX "Praca"
listings). Apache-2.0.

Usage: python extract.py /work/.mirror/Saniewski+supervision-hack-dsc/repo
Writes pl.listing.jsonl next to this script. Stdlib only.
"""

import csv
import html
import io
import json
import random
import re
import subprocess
import sys
import unicodedata
from pathlib import Path
from typing import Any

SEED = 20261206
OUT_DIR = Path(__file__).resolve().parent
csv.field_size_limit(10**9)

_URL = re.compile(
    r"(?i)(?:https?://|www\.)\S*|\b[a-z0-9.-]+\.(?:com|net|org|de|fr|es|pt|pl|eu|io|ly|me)(?:/\S*)?(?![\w.])"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w-])(?<!\d[.,/])(?:(?:\+\d{1,3}[\s.-]?|0)\d{1,4}(?:[\s.-]?\d{2,4}){2,4}"
    r"|\d{3}[\s-]\d{3}[\s-]\d{3}|\d{2}\*{3,}\d{2}|0\d(?:[\s.]\d{2}){4})(?!\w|[.,/]\d)"
)
_HANDLE = re.compile(r"(?:(?<![\w@])|(?<=@user))@\w{2,}")
_TAG = re.compile(r"<[^>]{1,200}>")
_MOJI = re.compile(
    r"[ÃÂÄÅÆ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u203a\u20ac\u2122]"
)
# Wildlife / protected-animal products and live animals: records matching are dropped (lawful goods only).
WILDLIFE = re.compile(
    r"(?i)\b(ivoire|ivory|kość słoniow\w*|corne de rhino\w*|rhinocéros|róg nosoroż\w*|nosoroż\w*|"
    r"écaille de tortue|écaille|szylkret\w*|carapace|tortue\w*|żółw\w*|pangolin\w*|łuskowc\w*|"
    r"corail|koral\w*|défense d'éléphant|kieł słonia|peau de (serpent|crocodile|python)|"
    r"skóra (węża|krokodyla|pytona)|crocodile|krokodyl\w*|python|pyton\w*|perroquet\w*|papug\w*|"
    r"chiot\w*|chaton\w*|szczeni\w*|kocię\w*|kociak\w*|animaux vivants|zwierzęta|taxidermi\w*|"
    r"naturalis\w*|wypchan\w*|empaill\w*|trophée de chasse|trofeum myśliwsk\w*|"
    r"palissandre de rio|dalbergia|palisander brazylijsk\w*|brazilian|tortoise\w*|bois de rose)\b"
)


def git_show(mirror: str, path: str, rev: str) -> bytes:
    """Return the bytes of `path` at `rev` of the bare mirror `mirror`."""
    return subprocess.run(
        ["git", "--git-dir", mirror, "show", f"{rev}:{path}"], check=True, capture_output=True
    ).stdout


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252/latin-1 when that is plainly what happened."""
    if not _MOJI.search(text):
        return text
    raw = bytearray()
    for ch in text:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 255:
                return text
            raw.append(ord(ch))
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return text
    return fixed if len(fixed) < len(text) else text


def clean(text: str) -> str:
    """Strip HTML, mask URLs/e-mails/phones/handles, collapse whitespace. Emoji kept."""
    text = fix_mojibake(text or "")
    text = html.unescape(html.unescape(text))
    text = _TAG.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\ufffd", "")
    text = _EMAIL.sub("email@example.com", text)
    text = _URL.sub("http://url", text)
    text = _PHONE.sub("0123456789", text)
    prev = None
    while prev != text:
        prev, text = text, _HANDLE.sub("@user", text).replace("@user@user", "@user @user")
    return re.sub(r"\s+", " ", text).strip()


def norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def near_key(text: str) -> str:
    """Key for near-duplicates: masks, digits and punctuation removed."""
    t = text.lower()
    for ph in ("http://url", "email@example.com", "0123456789", "@user"):
        t = t.replace(ph, " ")
    return re.sub(r"[\W\d_]+", "", t)


def truncate(text: str, limit: int) -> str:
    """Cut to at most `limit` chars, preferring a sentence end, else a word boundary."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for sep in (". ", "! ", "? ", "; "):
        i = cut.rfind(sep)
        if i > limit * 0.5:
            return cut[: i + 1].strip()
    i = cut.rfind(" ")
    return (cut[:i] if i > limit * 0.5 else cut).rstrip(" ,;:-") + "…"


def valid(text: str) -> bool:
    """3..2,000 chars, at least 3 word characters besides the masking placeholders."""
    rest = text
    for ph in ("http://url", "email@example.com", "0123456789", "@user"):
        rest = rest.replace(ph, " ")
    return 3 <= len(text) <= 2000 and len(re.sub(r"\W", "", rest)) >= 3


def join_listing(title: str, desc: str, price: str) -> str:
    """'{title}. {description} {price}', without doubling punctuation or a description that repeats the title."""
    title = title.strip()
    desc = desc.strip()
    if desc and norm_key(desc).startswith(norm_key(title)):
        desc = desc[len(title) :].lstrip(" .,-:;!")
    head = title if (not desc or title[-1:] in ".!?…") else title + "."
    text = f"{head} {desc}".strip() if desc else head
    if price:
        text = text if text[-1:] in ".!?…" else text + "."
        text = f"{text} {price}"
    return text


def dedup(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop exact (normalised) and near duplicates, keeping the first seen."""
    seen: set[str] = set()
    out = []
    for r in records:
        keys = {norm_key(r["text"]), "~" + near_key(r["text"])}
        if keys & seen:
            continue
        seen |= keys
        out.append(r)
    return out


def cap(records: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    if len(records) <= n:
        return records
    return random.Random(SEED).sample(records, n)


def fmt_amount(value: float) -> str:
    """12000 -> '12 000', 12.5 -> '12,50' (French/Polish style)."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}".replace(",", " ")
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    records = sorted(records, key=lambda r: r["id"])
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {path}")


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
        title = clean(title_items[0]) if title_items else ""
        desc = clean(row.get("descriptions", ""))
        # the scraper shifted columns when a field was missing: find the wage wherever it is
        cells = [
            c for k in ("wages", "locations", "employment_types", "job_times") for c in items(row.get(k, ""))
        ]
        wage = next((c for c in cells if WAGE.search(c)), "")
        wage = re.sub(r"zł zł", "zł", wage)
        if not title or not desc:
            dropped["invalid"] += 1
            continue
        text = join_listing(title, truncate(desc, DESC_LIMIT), clean(wage))
        if SUSPICIOUS.search(text):
            dropped["suspicious"] += 1
            continue
        if WILDLIFE.search(text):
            dropped["wildlife"] += 1
            continue
        if not valid(text):
            dropped["invalid"] += 1
            continue
        meta: dict[str, Any] = {"title": title, "category": "praca (oferta pracy)"}
        if wage:
            meta["price"] = clean(wage)
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
    records = dedup(records)
    print("dropped", dropped, "duplicates", n0 - len(records))
    write_jsonl(OUT_DIR / "pl.listing.jsonl", cap(records, CAP))


if __name__ == "__main__":
    main()
