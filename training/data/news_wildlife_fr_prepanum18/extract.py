"""news_wildlife_fr_prepanum18: paragraphs about poaching and the illegal trade in ivory, rhino horn and other wildlife
from a French student awareness website against poaching ("Le braconnage"), committed as PHP pages in
github:jbouch007/prepaNum18.

Usage: python extract.py /work/.mirror/jbouch007+prepaNum18/repo
Writes fr.jsonl next to this script. Stdlib only, deterministic.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import write_jsonl
from news_extract import build, git_blobs, latin_script, make_matcher

OUT_DIR = Path(__file__).resolve().parent


REPO = "jbouch007/prepaNum18"
COMMIT = "6dedea02bd3f722a2cd3e7558474d0db75a64c39"
LANG = "fr"
PREFIX = "prepanum"
# appelauxdons.php (a donation appeal with amounts) and the navigation pages are left out
PATHS = ["accueil.php", "especeeteinte.php", "especes.php", "quellessolutions.php", "trafic.php"]

_TERM = (
    r"(?i)braconn\w*|trafi(?:c|quants?|qu\w+)|ivoire|cornes? de rhinoc[eé]ros|pangolins?|écailles|contrebande|"
    r"défenses|esp[eè]ces? (?:menac[eé]es|protég[eé]es)|CITES|viande de brousse|commerce illégal"
)
_ANIMAL = r"(?i)rhinoc[eé]ros|éléphants?|tigres?|animaux|esp[eè]ces?|faune|gorilles?|lions?"
_CTX = r"(?i)braconn|trafi|ivoire|corne|tu[eé]s|abattus|vend|commerc|march[eé]|chass|illégal|rangers|saisi|réseau"
MATCH = make_matcher([(_TERM, None), (_ANIMAL, _CTX)], exclude=r"(?i)côte d'ivoire|tour d'ivoire")


def paragraphs(raw: bytes) -> list[str]:
    t = raw.decode("utf-8", errors="replace")
    t = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", t)
    t = re.sub(r"(?s)<\?php.*?\?>", " ", t)
    t = re.sub(r"(?i)</?(?:p|div|br|li|ul|ol|h\d|table|tr|td|section|article)\b[^>]*>", "\n\n", t)
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", t)]


def docs(git_dir: str):
    for path, data in git_blobs(git_dir, COMMIT, PATHS):
        yield (
            Path(path).stem,
            path,
            paragraphs(data),
            {"outlet": "prepaNum18 (student site)", "title": Path(path).stem},
        )


def timber(text: str) -> bool:
    """A passage about the timber trade ("commerce du bois"): dropped, it is not about wildlife."""
    return "commerce du bois" in text


def main() -> None:
    git_dir = sys.argv[1]
    recs = build(
        docs(git_dir), LANG, REPO, COMMIT, PREFIX, MATCH, min_len=40, script=latin_script, drop=timber
    )
    write_jsonl(OUT_DIR / f"{LANG}.jsonl", recs)


if __name__ == "__main__":
    main()
