"""Extract Walters Art Museum object records (English) from WaltersArtMuseum/api-thewalters-org.

Usage: python extract.py /work/.mirror/WaltersArtMuseum+api-thewalters-org/repo
Writes en.jsonl next to this script. Stdlib only.

Reads objects/data/**/<ObjectID>.json at commit 24379217... (bulk dump of the museum API, Feb 2015).
Keeps every record whose medium, title or description names an animal material (ivory, tortoiseshell,
tusk, horn, bone, shell, tooth, whale, walrus, rhinoceros, coral, mother-of-pearl, tiger, pangolin) and a
seeded random sample of 3,000 of the others. The blobs are read in one `git cat-file --batch` call
(the same bytes `git show <commit>:<path>` prints, without 15,000 processes).
"""

import html
import json
import random
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, URL_PLAIN, git, mask, resolve_commit, squeeze

OTHERS = 3_000
COMMIT_PREFIX = "24379217"
OUT_DIR = Path(__file__).resolve().parent
DATA_DIR = "objects/data/"

MATERIALS: dict[str, str] = {
    "ivory": r"ivor(?:y|ies)",
    "tortoiseshell": r"tortoise[\s-]?shells?",
    "tusk": r"tusks?",
    "horn": r"horns?",
    "bone": r"bones?|whalebone",
    "shell": r"(?<!tortoise)(?<!tortoise )(?<!tortoise-)shells?",
    "tooth": r"tooth|teeth",
    "whale": r"whales?|whalebone|baleen",
    "walrus": r"walrus(?:es)?",
    "rhinoceros": r"rhinoceros(?:es)?|rhinos?",
    "coral": r"corals?",
    "mother-of-pearl": r"mother[\s-]of[\s-]pearl",
    "tiger": r"tigers?",
    "pangolin": r"pangolins?",
}
_MATERIAL = {name: re.compile(r"(?i)\b(?:" + pat + r")\b") for name, pat in MATERIALS.items()}

_TAG = re.compile(r"<[^>]{1,300}>")
_SENT = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z\"'(])")


def load_objects(mirror: str, commit: str) -> list[tuple[str, dict[str, Any]]]:
    """(path, record) for every objects/data JSON file at `commit`."""
    listing = git(mirror, "ls-tree", "-r", commit, DATA_DIR).decode().splitlines()
    entries = [(line.split("\t", 1)[1], line.split()[2]) for line in listing if line.endswith(".json")]
    out = git(mirror, "cat-file", "--batch", stdin="".join(f"{sha}\n" for _, sha in entries).encode())
    result: list[tuple[str, dict[str, Any]]] = []
    pos = 0
    for path, _ in entries:
        nl = out.index(b"\n", pos)
        size = int(out[pos:nl].split()[2])
        obj = json.loads(out[nl + 1 : nl + 1 + size].decode("utf-8"))
        pos = nl + 1 + size + 1
        if isinstance(obj, dict):
            result.append((path, obj))
    return result


def clean(text: str | None) -> str:
    if not text:
        return ""
    return squeeze(mask(html.unescape(text), url=URL_PLAIN, phone=None, tag=_TAG))


def first_sentences(text: str, n: int, limit: int) -> str:
    """Up to n sentences, no longer than limit characters (cut at a word if one sentence is too long)."""
    out = ""
    for sent in _SENT.split(text)[:n]:
        cand = f"{out} {sent}".strip()
        if len(cand) > limit:
            break
        out = cand
    if not out:
        cut = text[:limit]
        out = cut[: cut.rfind(" ")] if " " in cut else cut
    return out


def sentence(text: str) -> str:
    return text if not text or text[-1] in ".!?" else text + "."


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: extract.py <mirror git dir>")
    mirror = sys.argv[1]
    commit = resolve_commit(mirror, prefix=COMMIT_PREFIX)
    objects = load_objects(mirror, commit)
    matched: list[dict[str, Any]] = []
    others: list[dict[str, Any]] = []
    seen: set[str] = set()
    dropped = {"no_title": 0, "dup": 0}
    for path, obj in objects:
        title = clean(obj.get("Title"))
        if not title:
            dropped["no_title"] += 1
            continue
        date = clean(obj.get("DateText"))
        culture = clean(obj.get("Culture"))
        medium = clean(obj.get("Medium"))
        desc = clean(obj.get("Description"))
        head = sentence(title)
        when_who = ", ".join(p for p in (date, culture) if p)
        parts = [
            head,
            sentence(when_who) if when_who else "",
            sentence(medium[:1].upper() + medium[1:]) if medium else "",
        ]
        base = " ".join(p for p in parts if p)
        text = base
        if desc:
            text = f"{base} {first_sentences(desc, 4, max(1000 - len(base) - 1, 200))}"
        text = text[:2000]
        key = re.sub(r"\s+", " ", text.lower())
        if key in seen:
            dropped["dup"] += 1
            continue
        seen.add(key)
        hay = f"{title} {medium} {desc}"
        mats = [name for name, rx in _MATERIAL.items() if rx.search(hay)]
        meta: dict[str, Any] = {
            "object_number": obj.get("ObjectNumber"),
            "title": title,
            "date": date or None,
            "culture": culture or None,
            "medium": medium or None,
            "object_name": clean(obj.get("ObjectName")) or None,
            "classification": obj.get("Classification"),
            "text_cc0": base,  # the same record without the GFDL-licensed description
        }
        if mats:
            meta["material_match"] = mats
            meta["material_in_medium"] = [m for m in mats if _MATERIAL[m].search(medium)]
        rec = {
            "id": f"walters-{int(obj['ObjectID']):06d}",
            "text": text,
            "lang": "en",
            "kind": "museum",
            "label": "benign",
            "source": f"github:WaltersArtMuseum/api-thewalters-org@{commit}:{path}",
            "meta": {k: v for k, v in meta.items() if v is not None},
        }
        (matched if mats else others).append(rec)
    rng = random.Random(SEED)
    others.sort(key=lambda r: r["id"])
    sample = rng.sample(others, min(OTHERS, len(others)))
    records = sorted(matched + sample, key=lambda r: r["id"])
    dest = OUT_DIR / "en.jsonl"
    with dest.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    print(
        f"commit {commit}: {len(objects)} objects; {len(matched)} material matches + {len(sample)} of "
        f"{len(others)} others -> {len(records)}; dropped {dropped}"
    )


if __name__ == "__main__":
    main()
