"""news_wildlife_sv_g0vse: paragraphs about wildlife trade, poaching and CITES listings (tigers, grey-shark fins,
ivory, rhino horn ...) from the Swedish government's own pages (regeringen.se press releases and articles) as
mirrored in Markdown on the `data` branch of github:civictechsweden/g0vse.

Usage: python extract.py /work/.mirror/civictechsweden+g0vse/repo
Writes sv.jsonl next to this script. Stdlib only, deterministic.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import write_jsonl
from news_extract import build, latin_script, make_matcher, md_docs

OUT_DIR = Path(__file__).resolve().parent


REPO = "civictechsweden/g0vse"
COMMIT = "b9e34cec61a3e35d81bde27a417a269945487a37"  # head of the `data` branch
LANG = "sv"
PREFIX = "g0vse"

# a protected product or animal as training/products/sv.yaml names it ...
_TERM = (
    r"(?i)elfenben(?!s?kust|storn)|noshörning|myrkott|pangolin|\btigr(?:ar|arna)\b|\btiger(?:n|ns)?\b|"
    r"\belefant(?:er|erna|en)?\b|hajfen|\bhaj(?:ar|en)?\b|sköldpadd|papegoj|\bleopard(?:er|en)?\b|\blejon(?:en)?\b|"
    r"gorill|schimpans|orangutang"
)
# ... together with trade, poaching or protection
_CTX = r"(?i)tjuvjakt|illegal|olaglig|handel|smuggl|CITES|beslag|utrotningshotad|hotade arter|artskydd"
MATCH = make_matcher([(_TERM, _CTX)], veto=r"(?i)stridsvagn|stridsfordon")  # Leopard 2 tanks
WANTED = re.compile(_TERM.replace("(?i)", ""), re.I)


def main() -> None:
    git_dir = sys.argv[1]
    docs = md_docs(git_dir, COMMIT, "", "regeringen.se (via g0v.se)", wanted=WANTED)
    recs = build(docs, LANG, REPO, COMMIT, PREFIX, MATCH, min_len=25, script=latin_script)
    write_jsonl(OUT_DIR / f"{LANG}.jsonl", recs)


if __name__ == "__main__":
    main()
