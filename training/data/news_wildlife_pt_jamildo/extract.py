"""news_wildlife_pt_jamildo: paragraphs about wildlife trafficking (tráfico de animais silvestres, marfim...) from the
Brazilian (Pernambuco) news blog archive committed as Jekyll posts in github:cynaramaira/jamildorep.

Usage: python extract.py /work/.mirror/cynaramaira+jamildorep/repo
Writes pt.jsonl next to this script. Stdlib only, deterministic.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import write_jsonl
from news_extract import build, latin_script, make_matcher, md_docs

OUT_DIR = Path(__file__).resolve().parent


REPO = "cynaramaira/jamildorep"
COMMIT = "a001539d6d1c06d1d94cff6b2e140c0c83de9696"
LANG = "pt"
PREFIX = "jamildo"

_TERM = (
    r"(?i)tr[aá]fico (?:internacional )?de (?:animais|aves|p[aá]ssaros|esp[eé]cies|fauna)|"
    r"contrabando de (?:animais|aves|p[aá]ssaros)|traficantes? de (?:animais|aves|p[aá]ssaros)|"
    r"marfim|chifres? de rinoceronte|pangolim|barbatanas? de tubar[aã]o|ca[çc]a (?:ilegal|predat[oó]ria)"
)
_WILD = (
    r"(?i)animais silvestres|aves silvestres|p[aá]ssaros silvestres|fauna silvestre|esp[eé]cies? silvestres?"
)
_CTX = r"(?i)apreend|apreens|tr[aá]fic|comercializa|venda ilegal|vendid|contrabando|cativeiro ilegal|ilegal|crime|flagrante|resgat"
MATCH = make_matcher(
    [(_TERM, None), (_WILD, _CTX)],
    exclude=r"(?i)torres? de marfim|costa do marfim|rua marfim|marfim vegetal|tr[aá]fico de (?:drogas|pessoas|armas|influ[eê]ncia|[oó]rg[aã]os)",
)
WANTED = re.compile(_TERM + "|" + _WILD.replace("(?i)", ""), re.I)


def main() -> None:
    git_dir = sys.argv[1]
    docs = md_docs(git_dir, COMMIT, "_posts/", "blog do Jamildo (jamildo.com)", wanted=WANTED)
    recs = build(docs, LANG, REPO, COMMIT, PREFIX, MATCH, min_len=25, script=latin_script)
    write_jsonl(OUT_DIR / f"{LANG}.jsonl", recs)


if __name__ == "__main__":
    main()
