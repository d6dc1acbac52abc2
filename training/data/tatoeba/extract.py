"""Extract Tatoeba sentences (CC BY 2.0 FR) from the LASER Tatoeba test set.

Usage: python extract.py /work/.mirror/facebookresearch+LASER/repo
Reads data/tatoeba/v1/tatoeba.<xxx>-eng.{xxx,eng} from the bare mirror with `git show`
and writes <lang>.jsonl next to this script. Stdlib only.

- non-English side for zh (cmn), vi, th, id (ind + zsm), es, pt, fr, de, pl, sv;
- English side of all eleven pairs for en, deduplicated across pairs;
- at most CAP records per language; when a language has more, every sentence whose English side
  talks about prices, buying, selling or money is kept and the rest is sampled with a fixed seed.
"""

import html
import json
import random
import re
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import EMAIL, HANDLE, SEED, URL_PLAIN, git_head, git_text, norm_key

CAP = 1500
OUT_DIR = Path(__file__).resolve().parent
BASE = "data/tatoeba/v1"

# Tatoeba code -> zeroview lang
PAIRS: list[tuple[str, str]] = [
    ("cmn", "zh"),
    ("vie", "vi"),
    ("tha", "th"),
    ("ind", "id"),
    ("zsm", "id"),
    ("spa", "es"),
    ("por", "pt"),
    ("fra", "fr"),
    ("deu", "de"),
    ("pol", "pl"),
    ("swe", "sv"),
]

_COMMERCE = re.compile(
    r"(?i)\b(?:price[sd]?|pricey|cost(?:s|ly)?|buy(?:s|ing)?|bought|sell(?:s|ing|er)?|sold|pay(?:s|ing|ment)?|"
    r"paid|money|cash|dollars?|cents?|yen|euros?|pounds?|cheap(?:er|est)?|expensive|how much|shop(?:s|ping)?|"
    r"store|market|sale|purchased?|discount|bargain|rent|afford|wallet|customers?|ordered|deliver(?:y|ed)?)\b"
    r"|[$€£¥]"
)


def clean(text: str) -> str:
    text = html.unescape(text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "")
    text = EMAIL.sub("email@example.com", text)
    text = URL_PLAIN.sub("http://url", text)
    text = HANDLE.sub("@user", text)
    return re.sub(r"\s+", " ", text).strip()


def cap(records: list[dict[str, object]], eng_of: dict[str, str]) -> list[dict[str, object]]:
    """Keep all commerce sentences, sample the rest with a fixed seed, up to CAP."""
    if len(records) <= CAP:
        return records
    keep = [r for r in records if _COMMERCE.search(eng_of[str(r["id"])])]
    rest = [r for r in records if not _COMMERCE.search(eng_of[str(r["id"])])]
    rng = random.Random(SEED)
    rng.shuffle(rest)
    return keep + rest[: max(0, CAP - len(keep))]


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: extract.py <path to bare mirror of facebookresearch/LASER>")
    mirror = sys.argv[1]
    commit = git_head(mirror)
    by_lang: dict[str, list[dict[str, object]]] = {}
    eng_of: dict[str, str] = {}
    seen: set[str] = set()
    en_records: list[dict[str, object]] = []
    dropped = {"short": 0, "dup": 0}
    for code, lang in PAIRS:
        src_path = f"{BASE}/tatoeba.{code}-eng.{code}"
        eng_path = f"{BASE}/tatoeba.{code}-eng.eng"
        src_lines = git_text(mirror, src_path).split("\n")
        eng_lines = git_text(mirror, eng_path).split("\n")
        if src_lines and src_lines[-1] == "":
            src_lines.pop()
        if eng_lines and eng_lines[-1] == "":
            eng_lines.pop()
        assert len(src_lines) == len(eng_lines), (code, len(src_lines), len(eng_lines))
        for i, (src, eng) in enumerate(zip(src_lines, eng_lines), start=1):
            text, en_text = clean(src), clean(eng)
            # non-English side
            if len(text) < 3:
                dropped["short"] += 1
            elif norm_key(text) in seen:
                dropped["dup"] += 1
            else:
                seen.add(norm_key(text))
                rid = f"tatoeba-{code}-{i:04d}"
                eng_of[rid] = en_text
                by_lang.setdefault(lang, []).append(
                    {
                        "id": rid,
                        "text": text,
                        "lang": lang,
                        "kind": "everyday",
                        "label": "benign",
                        "source": f"github:facebookresearch/LASER@{commit}:{src_path}",
                        "meta": {"tatoeba_lang": code, "line": i, "en": en_text},
                    }
                )
            # English side, deduplicated across pairs
            if len(en_text) < 3:
                dropped["short"] += 1
            elif norm_key(en_text) in seen:
                dropped["dup"] += 1
            else:
                seen.add(norm_key(en_text))
                rid = f"tatoeba-eng-{code}-{i:04d}"
                eng_of[rid] = en_text
                en_records.append(
                    {
                        "id": rid,
                        "text": en_text,
                        "lang": "en",
                        "kind": "everyday",
                        "label": "benign",
                        "source": f"github:facebookresearch/LASER@{commit}:{eng_path}",
                        "meta": {"tatoeba_lang": "eng", "pair": f"{code}-eng", "line": i},
                    }
                )
    by_lang["en"] = en_records
    for lang, records in sorted(by_lang.items()):
        before = len(records)
        records = sorted(cap(records, eng_of), key=lambda r: str(r["id"]))
        n_com = sum(1 for r in records if _COMMERCE.search(eng_of[str(r["id"])]))
        with open(OUT_DIR / f"{lang}.jsonl", "w", encoding="utf-8") as fh:
            for r in records:
                if _COMMERCE.search(eng_of[str(r["id"])]):
                    meta = r["meta"]
                    assert isinstance(meta, dict)
                    meta["commerce"] = True
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{lang}: {len(records)} records (of {before}; {n_com} about prices/buying/selling)")
    print("dropped:", dropped)


if __name__ == "__main__":
    main()
