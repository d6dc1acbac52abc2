"""news_wildlife_es_ojopublico_aletas: prose paragraphs of a journalist's working notes and draft on the shark-fin
trade in Peru and Ecuador (aletas de tiburón, 2012-2021 exports, companies intervened by Sunat customs), committed as
R Markdown in github:giancohs/trafico_tiburon. The README says the analysis was published by OjoPúblico as
"Récord histórico de exportación de aletas de tiburón" (February 2022).

Usage: python extract.py /work/.mirror/giancohs+trafico_tiburon/repo
Writes es.jsonl next to this script. Stdlib only, deterministic.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import write_jsonl
from news_extract import build, git_show, latin_script, make_matcher

OUT_DIR = Path(__file__).resolve().parent

REPO = "giancohs/trafico_tiburon"
COMMIT = "f29fb88e1bda6005fd1a4f415a6f7f733377645f"
LANG = "es"
PREFIX = "ojopublico"
PATHS = [
    "README.md",
    "rmds/ajansa_peru_sac/explore.Rmd",
    "rmds/empresas_sospechosas/final_mercado_aletas_tiburon.Rmd",
    "rmds/empresas_sospechosas/mercado_aletas_tiburon.Rmd",
]

_TERM = r"(?i)aletas? de tibur[oó]n|tibur[oó]n(?:es)?|buche de pescado|especies? amenazadas?"
_CTX = (
    r"(?i)tr[aá]fico|traficantes?|condenad|ilegal|sospechos|intervenid|intervenci[oó]n|aduanas?|sunat|cites|"
    r"decomis|confisc|export|import|cargamento|antecedentes|fiscal|delito|mercado|toneladas|uicn|pesca"
)
MATCH = make_matcher([(_TERM, _CTX)])


def paragraphs(raw: bytes) -> list[str]:
    """Prose of an R Markdown / Markdown file: front matter, code chunks, tables and link-only lines removed."""
    t = raw.decode("utf-8", errors="replace").replace("\r", "")
    t = re.sub(r"(?s)\A---\n.*?\n---\n", "\n", t)
    t = re.sub(r"(?ms)^```.*?^```[ \t]*$", "\n", t)
    out = []
    for par in re.split(r"\n\s*\n", t):
        lines = []
        for ln in par.splitlines():
            s = ln.strip()
            if not s or s.startswith("|") or (s.startswith("#") and not s.lstrip("#").strip()):
                continue
            s = s.lstrip("#").strip()
            s = re.sub(r"^[-*]\s+(?=\[)", "", s)
            lines.append(s)
        text = " ".join(lines)
        text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)
        text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
        text = re.sub(r"(\*\*|__)", "", text)
        out.append(text)
    return out


def prose(text: str) -> bool:
    """Sentences, not a heading, chart caption, log title or reference list."""
    if re.match(r"(?i)log\b|referencias\b|nube de palabras", text) or text.endswith(":"):
        return False
    return latin_script(text) and len(text.split()) >= 12


def docs(git_dir: str):
    for path in PATHS:
        raw = git_show(git_dir, COMMIT, path)
        doc_id = re.sub(r"[^a-z0-9]+", "_", Path(path).stem.lower()).strip("_")
        if path.startswith("rmds/ajansa"):
            doc_id = "ajansa_" + doc_id
        yield doc_id, path, paragraphs(raw), {"outlet": "OjoPúblico (reporter's notes)", "date": "2022-02"}


def main() -> None:
    git_dir = sys.argv[1]
    recs = build(docs(git_dir), LANG, REPO, COMMIT, PREFIX, MATCH, min_len=25, script=prose)
    recs.sort(key=lambda r: r["id"])
    write_jsonl(OUT_DIR / f"{LANG}.jsonl", recs)


if __name__ == "__main__":
    main()
