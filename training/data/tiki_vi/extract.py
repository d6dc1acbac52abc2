"""Extract Tiki product listings (Vietnamese) from Leonn2285/NLP-final-project.

Usage: python extract.py /work/.mirror/Leonn2285+NLP-final-project/repo
Writes vi.jsonl next to this script. Stdlib only.
"""

import random
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, clean_sea, dedup, git_head, git_show, norm_key, truncate, valid, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "Leonn2285/NLP-final-project"
RAW = ["data/raw/bao_chau_data.csv", "data/raw/duy_thai_data.csv", "data/raw/minh_huy_data.csv"]
SPLIT = ["data/split/val.csv", "data/split/test.csv"]
CAP = 6000
DESC_LIMIT = 420
# Tiki's platform footer, appended to most descriptions: not seller text.
BOILER = re.compile(r"Giá sản phẩm trên Tiki đã bao gồm thuế.*$", re.S)
BOILER_LC = re.compile(r"giá sản phẩm trên tiki đã bao gồm thuế.*$", re.S)


def read_csv(mirror: str, path: str) -> list[dict[str, str]]:
    import csv
    import io

    text = git_show(mirror, path).decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delim = ";" if first.count(";") > first.count(",") else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delim))


def name_key(name: str) -> str:
    return re.sub(r"[^\w]+", " ", name.lower()).strip()


def make(
    mirror: str,
    commit: str,
    path: str,
    idx: int,
    name: str,
    desc: str,
    brand: str,
    category: str,
    normalised: bool,
) -> dict[str, Any] | None:
    name = clean_sea(name)
    desc = clean_sea((BOILER_LC if normalised else BOILER).sub("", desc))
    if len(name) < 3:
        return None
    if desc and norm_key(desc).startswith(norm_key(name)):
        desc = desc[len(name) :].lstrip(" .,-:")
    text = name if not desc else f"{name.rstrip('.')}. {truncate(desc, DESC_LIMIT)}"
    if not valid(text):
        return None
    stem = path.rsplit("/", 1)[-1].removesuffix(".csv").removesuffix("_data")
    meta: dict[str, Any] = {"title": name, "category": category.strip()}
    if brand.strip() and brand.strip().upper() != "OEM":
        meta["brand"] = brand.strip()
    if normalised:
        meta["normalised_by_source"] = True
    return {
        "id": f"tiki-{stem}-{idx:05d}",
        "text": text,
        "lang": "vi",
        "kind": "listing",
        "label": "benign",
        "source": f"github:{REPO}@{commit}:{path}",
        "meta": meta,
    }


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    records: list[dict[str, Any]] = []
    raw_names: set[str] = set()
    for path in RAW:
        for i, row in enumerate(read_csv(mirror, path)):
            name = row.get("name") or row.get("product name") or row.get("product_name") or ""
            desc = row.get("description") or row.get("describe") or ""
            rec = make(
                mirror, commit, path, i, name, desc, row.get("brand", ""), row.get("category", ""), False
            )
            if rec:
                raw_names.add(name_key(name))
                records.append(rec)
    # The split files hold the same products lower-cased and stripped of punctuation by the
    # source's own cleaning; keep only those whose raw file is absent (data/raw/quoc_trung_data.csv
    # is over the snapshot's 4 MiB limit).
    for path in SPLIT:
        for i, row in enumerate(read_csv(mirror, path)):
            if name_key(row["product_name"]) in raw_names:
                continue
            rec = make(
                mirror,
                commit,
                path,
                i,
                row["product_name"],
                row["description"],
                row.get("brand", ""),
                row.get("category", ""),
                True,
            )
            if rec:
                records.append(rec)
    records = dedup(records)
    if len(records) > CAP:
        records = random.Random(SEED).sample(records, CAP)
    write_jsonl(OUT_DIR / "vi.jsonl", records)


if __name__ == "__main__":
    main()
