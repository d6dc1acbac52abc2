"""news_wildlife_de_bundestag: speeches of the 19th German Bundestag (2017-2021) on poaching and the trade in
ivory, rhino products and pangolins, from the plenary protocols split into one text file a speech in
github:mathias-goebel/plenarsitzungsprotokolle (tag wp19).

Usage: python extract.py /work/.mirror/mathias-goebel+plenarsitzungsprotokolle/repo
Writes de.jsonl next to this script. Stdlib only, deterministic.
"""

import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import write_jsonl
from news_extract import DE_MATCH, DE_WANTED, build, git_blobs, git_ls, latin_script

OUT_DIR = Path(__file__).resolve().parent


REPO = "mathias-goebel/plenarsitzungsprotokolle"
COMMIT = "db6a2b6eb017ac598c52d4aa90d5ea2bf82c4258"  # tag wp19: the protocols of the 19th Bundestag
LANG = "de"
PREFIX = "bt19"
SPEECH = re.compile(r"^data/(\d+)/([^/]+)/([^/]+)/[^/]+-ID(\d+)\.txt$")  # one speech; *-<hash>.txt are copies

MATCH, WANTED = DE_MATCH, DE_WANTED  # the matcher of news_wildlife_de_klexikon


def docs(git_dir: str):
    paths = [p for p in git_ls(git_dir, COMMIT) if SPEECH.match(p)]
    for path, data in git_blobs(git_dir, COMMIT, paths):
        text = data.decode("utf-8", errors="replace")
        if not WANTED.search(text):
            continue
        session, item, _speaker, sid = SPEECH.match(path).groups()
        meta = {"outlet": "Deutscher Bundestag, Plenarprotokoll 19/" + str(int(session)), "item": item}
        yield f"{sid}", path, text.split("\n"), meta


def main() -> None:
    git_dir = sys.argv[1]
    recs = build(docs(git_dir), LANG, REPO, COMMIT, PREFIX, MATCH, min_len=40, script=latin_script)
    write_jsonl(OUT_DIR / f"{LANG}.jsonl", recs)


if __name__ == "__main__":
    main()
