"""news_wildlife_id_tempo_pangolin: paragraphs of Tempo's interactive investigation "Diperdagangkan Sampai Punah"
(the pangolin trade; Global Environmental Reporting Collective, 2019), committed as PHP/HTML in
github:ginanjarpamungkas/diperdagangkan-sampai-punah.

Usage: python extract.py /work/.mirror/ginanjarpamungkas+diperdagangkan-sampai-punah/repo
Writes id.jsonl next to this script. Stdlib only, deterministic.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import write_jsonl
from news_extract import build, git_show, make_matcher

OUT_DIR = Path(__file__).resolve().parent


REPO = "ginanjarpamungkas/diperdagangkan-sampai-punah"
COMMIT = "6284bb04ee269808e1cc548cbf126ad7ea14caa0"
LANG = "id"
PREFIX = "tempo"
PATHS = [
    "index.php",
    "include/cameroon.php",
    "include/hongkong.php",
    "include/indonesia.php",
    "include/malaysia.php",
    "include/nepal.php",
    "include/thailand.php",
    "include/vietnam.php",
]

_CONTEXT = (
    r"(?i)perdagang|diperdagangkan|penyelundup|diselundupkan|menyelundupkan|ilegal|gelap|disita|penyitaan|sita|"
    r"ditangkap|penangkapan|pemburu|perburuan|diburu|sindikat|pedagang|dijual|penjual|pasar|permintaan|larangan|"
    r"hukum|penegak|pengiriman|kargo|ton|kilogram|CITES|pengobatan|obat|harga"
)
MATCH = make_matcher(
    [
        (
            r"(?i)\btr?enggiling\b|sisik|pangolin|gading|cula badak|satwa liar|perdagangan satwa|margasatwa",
            _CONTEXT,
        ),
    ],
)


def paragraphs(raw: bytes) -> list[str]:
    t = raw.decode("utf-8", errors="replace")
    t = re.sub(r"(?is)<(script|style|head)\b.*?</\1>", " ", t)
    t = re.sub(r"(?s)<\?php.*?\?>", " ", t)
    t = re.sub(r"(?i)<br\s*/?>", "\n", t)
    out = []
    for p in re.findall(r"(?is)<(?:p|li|h[1-6]|blockquote)\b[^>]*>(.*?)</(?:p|li|h[1-6]|blockquote)>", t):
        for part in p.split("\n"):
            out.append(part)
    return out


def id_script(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isascii() for c in letters) / len(letters) < 0.9:
        return False
    # Indonesian, not an English quote left untranslated
    return bool(re.search(r"(?i)\b(?:yang|dan|di|dari|untuk|dengan|ini|itu|tidak|ke)\b", text))


def docs(git_dir: str):
    for path in PATHS:
        raw = git_show(git_dir, COMMIT, path)
        doc_id = Path(path).stem
        yield (
            doc_id,
            path,
            paragraphs(raw),
            {"outlet": "interaktif.tempo.co", "title": "Diperdagangkan Sampai Punah", "date": "2019"},
        )


def main() -> None:
    git_dir = sys.argv[1]
    recs = build(docs(git_dir), LANG, REPO, COMMIT, PREFIX, MATCH, min_len=25, script=id_script)
    write_jsonl(OUT_DIR / f"{LANG}.jsonl", recs)


if __name__ == "__main__":
    main()
