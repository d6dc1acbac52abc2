"""news_wildlife_de_klexikon: German passages on poaching, the ivory / rhino-horn / pangolin trade and the protection
of the animals concerned, from the Klexikon children's encyclopaedia and the matching German Wikipedia articles, as
committed one sentence a line in github:dennlinger/klexikon (data/raw/klexikon/*.txt, data/raw/wiki/*.txt).

Usage: python extract.py /work/.mirror/dennlinger+klexikon/repo
Writes de.jsonl next to this script. Stdlib only, deterministic.
"""

import hashlib
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import write_jsonl
from news_extract import DE_MATCH, DE_WANTED, build, git_blobs, git_ls, latin_script

OUT_DIR = Path(__file__).resolve().parent


REPO = "dennlinger/klexikon"
COMMIT = "c909f38794b244c2d55d5b0037755390c56c9610"
LANG = "de"
PREFIX = "klex"
DIRS = {"data/raw/klexikon/": "Klexikon", "data/raw/wiki/": "Wikipedia (de)"}
PER_DOC = 20  # the long Wikipedia articles (Elfenbein, Elefanten, Nashörner ...) would otherwise dominate

MATCH, WANTED = DE_MATCH, DE_WANTED


def paragraphs(text: str) -> list[str]:
    """Blocks separated by blank lines, one sentence a line; headings (== ... ==) and list lines dropped."""
    out = []
    for block in re.split(r"\n\s*\n", text.replace("\r", "")):
        lines = [ln.strip() for ln in block.split("\n")]
        lines = [ln for ln in lines if ln and not ln.startswith("=") and not ln.startswith(("*", "#", "|"))]
        if lines:
            out.append(" ".join(lines))
    return out


def docs(git_dir: str):
    paths = [p for p in git_ls(git_dir, COMMIT) if p.startswith(tuple(DIRS)) and p.endswith(".txt")]
    for path, data in git_blobs(git_dir, COMMIT, paths):
        text = data.decode("utf-8", errors="replace")
        if not WANTED.search(text):
            continue
        outlet = next(v for k, v in DIRS.items() if path.startswith(k))
        title = Path(path).stem.replace("_", " ")
        doc_id = hashlib.sha1(path.encode()).hexdigest()[:10]
        yield doc_id, path, paragraphs(text), {"outlet": outlet, "title": title}


def main() -> None:
    git_dir = sys.argv[1]
    recs = build(
        docs(git_dir), LANG, REPO, COMMIT, PREFIX, MATCH, min_len=40, script=latin_script, per_doc=PER_DOC
    )
    recs.sort(key=lambda r: r["id"])
    write_jsonl(OUT_DIR / f"{LANG}.jsonl", recs)


if __name__ == "__main__":
    main()
