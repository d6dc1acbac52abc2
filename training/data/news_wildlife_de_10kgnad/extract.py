"""news_wildlife_de_10kgnad: passages on wildlife trafficking and poaching (seized parrots, tiger parts) from the
derStandard.at articles of the 10k German News Articles Dataset (10kGNAD) test split, as committed in
github:tblock/10kGNAD (test.csv; the train split is over the snapshot's size limit and absent).

Usage: python extract.py /work/.mirror/tblock+10kGNAD/repo
Writes de.jsonl next to this script. Stdlib only, deterministic.
"""

import csv
import io
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import write_jsonl
from news_extract import build, git_show, latin_script, make_matcher

OUT_DIR = Path(__file__).resolve().parent


REPO = "tblock/10kGNAD"
COMMIT = "da845fe4a16f02a8de10903ffbc636d1c8d21862"
LANG = "de"
PREFIX = "gnad"
PATH = "test.csv"

_WILDER = r"\bwilder(?:ei|er|ern|ers)\b|gewildert|\bwildern\b"
# a sentence keeps a protected product with a trade / poaching word ...
_PRODUCT = (
    r"(?i)elfenbein|stoßz[äa]hne?n?\b|nashorn-?h[öo]rner?|horn (?:der|des|von) nashörner?n?|schuppentier\w*|"
    r"pangolin\w*|tigerknochen|teile von tigern|tigerfell\w*|b[äa]rengalle|schildpatt|haifischflossen?|haiflossen?"
)
_PRODUCT_CTX = (
    r"(?i)"
    + _WILDER
    + r"|schmuggel|geschmuggelt|illegal|beschlagnahm|sichergestellt|\bzoll|handel|gehandelt|"
    r"begehrt|medizin|verboten|cites|washingtoner|artenschutz"
)
# ... or a protected animal with a trafficking / poaching word
_ANIMAL = (
    r"(?i)papagei\w*|\baras?\b|kakadu\w*|elefant\w*|nashörner\w*|nashorn\w*|\btiger[ns]?\b|leopard\w*|"
    r"schimpansen?|orang-?utans?|gorillas?|\baffen\b|schildkr[öo]te\w*|\bhaie?n?\b|krokodil\w*|greifv[öo]gel\w*"
)
_POACH = (
    r"(?i)" + _WILDER + r"|schmuggel|geschmuggelt|illegale[nmrs]? (?:tierhandel|handel|jagd)|beschlagnahm|"
    r"cites|washingtoner|artenschutz|tierhandel|wildtierhandel|zollfahndung"
)
MATCH = make_matcher(
    [(_PRODUCT, _PRODUCT_CTX), (_ANIMAL, _POACH)],
    exclude=r"(?i)elfenbeinküste\w*|elfenbeinturm\w*|elfenbeint[üu]rme?n?",
)


def docs(git_dir: str):
    raw = git_show(git_dir, COMMIT, PATH).decode("utf-8", errors="replace")
    for i, row in enumerate(csv.reader(io.StringIO(raw), delimiter=";", quotechar="'")):
        if len(row) < 2:
            continue
        label, text = row[0], ";".join(row[1:])
        # the article (one line: lead and body run together) is one paragraph, cut into sentence windows
        yield f"{i:04d}", PATH, [text], {"outlet": "derStandard.at (10kGNAD)", "category": label}


def main() -> None:
    git_dir = sys.argv[1]
    recs = build(docs(git_dir), LANG, REPO, COMMIT, PREFIX, MATCH, min_len=25, script=latin_script)
    write_jsonl(OUT_DIR / f"{LANG}.jsonl", recs)


if __name__ == "__main__":
    main()
