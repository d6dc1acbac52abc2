"""Extract Swedish Blocket classified-ad titles (2004-2013) collected by the site bestofblocket.se,
from the fixture anonser.json in anderspetersson/bestofblocket (present in commit
f462f4b871bd26dc804f7b695f66d016e8d09f9b, removed later; the bare mirror holds that commit).

Titles that ask to buy ("köpes", "sökes", "önskas", "vill ha/köpa/hyra") become kind `wanted`; offers
of live domestic animals kind `animal_listing`; the rest kind `listing`.

Usage: python extract.py /work/.mirror/anderspetersson+bestofblocket/repo
Writes sv.listing.jsonl, sv.wanted.jsonl and sv.animal_listing.jsonl next to this script. Stdlib only.
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

_URL = re.compile(
    r"(?i)(?:https?://|www\.)\S*|\b[a-z0-9.-]+\.(?:com|net|org|de|fr|es|pt|pl|se|br|ar|mx|co|io|ly|me)/\S*"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(
    r"(?<![\w-])(?<!\d[.,/])(?:(?:\+\d{1,3}[\s.-]?|0)\d{2,4}(?:[\s.-]?\d{3,4}){2}"
    r"|0\d(?:[\s.]\d{2}){4})(?!\w|[.,/]\d)"
)
_HANDLE = re.compile(r"(?:(?<![\w@])|(?<=@user))@\w{2,}")
_TAG = re.compile(r"<[^>]{1,200}>")
_MOJI = re.compile(
    r"[ÃÂÄÅÆ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u203a\u20ac\u2122]"
)


def git_show(mirror: str, path: str, rev: str = "HEAD") -> bytes:
    """Return the bytes of `path` at `rev` of the bare mirror `mirror`."""
    return subprocess.run(
        ["git", "--git-dir", mirror, "show", f"{rev}:{path}"], check=True, capture_output=True
    ).stdout


def git_head(mirror: str) -> str:
    out = subprocess.run(
        ["git", "--git-dir", mirror, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout
    return out.strip()


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
    """Strip HTML, mask URLs/e-mails/phones/handles, collapse whitespace. Emoji, hashtags kept."""
    text = fix_mojibake(text)
    text = html.unescape(html.unescape(text))
    text = _TAG.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\ufffd", "")
    text = _EMAIL.sub("email@example.com", text)
    text = _URL.sub("http://url", text)
    text = _PHONE.sub("0123456789", text)
    prev = None
    while prev != text:  # chained handles: @user@name
        prev, text = text, _HANDLE.sub("@user", text).replace("@user@user", "@user @user")
    return re.sub(r"\s+", " ", text).strip()


def norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def near_key(text: str) -> str:
    """Key for near-duplicates: masks, digits and punctuation removed."""
    t = text.lower()
    for ph in ("http://url", "email@example.com", "0123456789", "@user"):
        t = t.replace(ph, " ")
    t = re.sub(r"\brt\b", " ", t)
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


def valid(text: str, min_words: int = 1) -> bool:
    """3..2,000 chars, at least 3 word characters besides the masking placeholders."""
    rest = text
    for ph in ("http://url", "email@example.com", "0123456789", "@user"):
        rest = rest.replace(ph, " ")
    return 3 <= len(text) <= 2000 and len(re.sub(r"\W", "", rest)) >= 3 and len(rest.split()) >= min_words


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


def read_csv(data: bytes, delimiter: str = ",", encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode(encoding)), delimiter=delimiter))


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    records = sorted(records, key=lambda r: r["id"])
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {path}")


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
        text = clean(f["rubrik"]).rstrip(".").strip()
        if not valid(text):
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
    records = dedup(records)
    for kind in ("listing", "wanted", "animal_listing"):
        write_jsonl(OUT_DIR / f"sv.{kind}.jsonl", [r for r in records if r["kind"] == kind])


if __name__ == "__main__":
    main()
