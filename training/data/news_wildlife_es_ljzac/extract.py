"""news_wildlife_es_ljzac: paragraphs about wildlife trafficking, poaching and ivory/rhino-horn trade from a Mexican
(Zacatecas) news site archived as Jekyll posts (2013-2014) in github:ljzac/ljzac.github.io.

Usage: python extract.py /work/.mirror/ljzac+ljzac.github.io/repo
Writes es.jsonl next to this script. Stdlib only, deterministic.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import write_jsonl
from news_extract import build, latin_script, make_matcher, md_docs

OUT_DIR = Path(__file__).resolve().parent


REPO = "ljzac/ljzac.github.io"
COMMIT = "7681abdfbe08a335c2abcd4770c57203e2abde6b"
LANG = "es"
PREFIX = "ljzac"

_TERM = (
    r"(?i)tr[aá]fico (?:ilegal )?de (?:especies|fauna|animales|vida silvestre|marfil)|contrabando de (?:animales|especies|marfil)|"
    r"cuernos? de rinoceronte|caza (?:ilegal|furtiva) de (?:rinocerontes|elefantes|tigres)|\bpangol[ií]n|\btotoaba|"
    r"aletas? de tibur[oó]n|comercio (?:ilegal )?de (?:marfil|elefantes|especies|vida silvestre)"
)
_ANIMAL = (
    r"\b(?:[Rr]inocerontes?|[Ee]lefantes?|tigres?|tortugas?|loros?|guacamayas?|jaguar(?:es)?)\b|[Mm]arfil|colmillos|"
    r"(?i:vida silvestre|fauna silvestre|especies? (?:protegidas?|amenazadas?|en peligro))"
)
_CTX = (
    r"(?i)tr[aá]fic|contrabando|decomis|furtiv|caza ilegal|cazadores ilegales|ilegalmente|comercio ilegal|mercado negro|"
    r"\bcuernos?\b|TRAFFIC|\bCITES\b|prohíben el comercio"
)
MATCH = make_matcher(
    [(_TERM, None), (_ANIMAL, _CTX)],
    exclude=r"(?i)costa de marfil|torres? de marfil|mago del marfil|marfile[ñn]\w*|blanco marfil|color marfil|garras de tigre|(?-i:Tigres|Jaguares|Tigre)",
)
WANTED = re.compile(
    r"(?i)marfil|rinoceronte|elefante|tibur[oó]n|pangol|totoaba|silvestre|tr[aá]fico de|contrabando de|tortuga|loro|guacamaya|jaguar|tigre"
)


def main() -> None:
    git_dir = sys.argv[1]
    docs = md_docs(git_dir, COMMIT, "_posts/", "ljz.mx (La Jornada Zacatecas)", wanted=WANTED)
    recs = build(docs, LANG, REPO, COMMIT, PREFIX, MATCH, min_len=25, script=latin_script)
    write_jsonl(OUT_DIR / f"{LANG}.jsonl", recs)


if __name__ == "__main__":
    main()
