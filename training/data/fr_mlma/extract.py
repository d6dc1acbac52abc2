"""Extract French tweets from the MLMA multilingual hate-speech corpus, HKUST-KnowComp/MLMA_hate_speech.

The French tweets are inside hate_speech_mlma.zip (fr_dataset.csv); the zip is read from the mirror
and opened in memory.

Usage: python extract.py /work/.mirror/HKUST-KnowComp+MLMA_hate_speech/repo
Writes fr.jsonl next to this script. Stdlib only.
"""

import io
import sys
import zipfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import cap, clean_europe, dedup_near, git_head, git_show, read_csv, valid_words, write_jsonl

OUT_DIR = Path(__file__).resolve().parent
REPO = "HKUST-KnowComp/MLMA_hate_speech"
ZIP = "hate_speech_mlma.zip"
MEMBER = "hate_speech_mlma/fr_dataset.csv"
CAP = 5000


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    with zipfile.ZipFile(io.BytesIO(git_show(mirror, ZIP))) as z:
        rows = read_csv(z.read(MEMBER))
    records: list[dict[str, Any]] = []
    for row in rows:
        text = clean_europe(row["tweet"].replace("@url", "http://url"))
        if not valid_words(text, min_words=2):
            continue
        records.append(
            {
                "id": f"mlma-fr-{int(row['HITId']):05d}",
                "text": text,
                "lang": "fr",
                "kind": "social",
                "label": "benign",
                "source": f"github:{REPO}@{commit}:{ZIP}/{MEMBER}",
                "meta": {"hostility": row["sentiment"], "target": row["target"], "group": row["group"]},
            }
        )
    records = cap(dedup_near(records, retweet=True), CAP)
    write_jsonl(OUT_DIR / "fr.jsonl", records)


if __name__ == "__main__":
    main()
