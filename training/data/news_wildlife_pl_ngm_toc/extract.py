"""news_wildlife_pl_ngm_toc: the editorial teasers (title + lead) of National Geographic Polska articles about
poaching and the wildlife trade (ivory, rhino horn, pangolin scales, tigers and other live wild animals), from the
issue-by-issue table of contents committed as Clojure data in github:kamituel/interesting-world.

Usage: python extract.py /work/.mirror/kamituel+interesting-world/repo
Writes pl.jsonl next to this script. Stdlib only, deterministic.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import norm_key, valid, write_jsonl
from news_extract import MAX_CHARS, clean, git_show, latin_script, make_matcher, passage

OUT_DIR = Path(__file__).resolve().parent


REPO = "kamituel/interesting-world"
COMMIT = "b1ccc515e9b2ea3342f59e395b725b36a6c6f291"
LANG = "pl"
PREFIX = "ngmpl"
PATH = "src/clojure/kamituel/ngm_toc/data/ngm.cljc"  # every issue (the per-issue .edn files repeat a few of them)

# a protected product or animal as training/products/pl.yaml names it ...
_TERM = (
    r"(?i)łuskow|\błuski\b|nosoroż|\bsłoń\b|\bsłoni(?:a|e|owych)?\b|\bciosy\b|kość|kości\b|tygrys|"
    r"pantery śnieżne|mamu(?:t|ci)|pyton|szympans|goryl|orangutan|papug|żółw"
)
# ... together with poaching, trade or captivity
_CTX = (
    r"(?i)kłusow|przemyt|handel|czarny rynek|zysk|płacić|kosztować|fortun|towar|niewoli|"
    r"cudowne właściwości"
)
MATCH = make_matcher([(_TERM, _CTX)])

_ISSUE = re.compile(r"\{:year\s+(\d{4})\s+:month\s+(\d{1,2})")
_ARTICLE = re.compile(r'\{:title\s+"((?:[^"\\]|\\.)*)"\s*(?::description\s+"((?:[^"\\]|\\.)*)")?')


def _unquote(s: str) -> str:
    return s.replace('\\"', '"').replace("\\\\", "\\").strip()


def docs(git_dir: str):
    text = git_show(git_dir, COMMIT, PATH).decode("utf-8")
    issues = [(m.start(), int(m.group(1)), int(m.group(2))) for m in _ISSUE.finditer(text)]
    counter: dict[tuple[int, int], int] = {}
    for m in _ARTICLE.finditer(text):
        before = [i for i in issues if i[0] < m.start()]
        if not before or not m.group(2):
            continue
        _, year, month = before[-1]
        n = counter[(year, month)] = counter.get((year, month), 0) + 1
        title, lead = _unquote(m.group(1)), _unquote(m.group(2))
        par = f"{title.rstrip('.')}. {lead}"
        meta = {"outlet": "National Geographic Polska", "title": title, "date": f"{year}-{month:02d}"}
        yield f"{year}{month:02d}-{n:02d}", PATH, [par], meta


def records(git_dir: str) -> list[dict]:
    """One record per matching teaser, kept whole (title + lead, at most 800 characters): the helpers' build()
    would cut a lead of more than 4 sentences into windows and lose the title."""
    recs, seen = [], set()
    for doc_id, path, pars, meta in docs(git_dir):
        text = clean(pars[0])
        kw = MATCH(text)
        if not kw or not valid(text) or not 25 <= len(text) <= MAX_CHARS or not latin_script(text):
            continue
        if norm_key(text) in seen:
            continue
        seen.add(norm_key(text))
        recs.append(passage(PREFIX, doc_id, 1, text, LANG, REPO, COMMIT, path, meta, kw))
    return recs


def main() -> None:
    write_jsonl(OUT_DIR / f"{LANG}.jsonl", records(sys.argv[1]))


if __name__ == "__main__":
    main()
