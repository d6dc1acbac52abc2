"""Extract English SMS messages from the SMS Spam Collection (Almeida & Gómez Hidalgo, UCI, CC BY 4.0),
copy in hamzaaacodes/sms-spam-collection.

Usage: python extract.py /work/.mirror/hamzaaacodes+sms-spam-collection/repo
Writes en.jsonl next to this script. Stdlib only.
"""

import random
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, clean_en, git_head, git_show, norm_key, valid, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


REPO = "hamzaaacodes/sms-spam-collection"
PATH = "SMSSpamCollection"
CAP_HAM = 900
CAP_SPAM = 300  # commercial offers / scams in SMS style: sales signals without wildlife


def main() -> None:
    mirror = sys.argv[1]
    commit = git_head(mirror)
    ham: list[dict[str, Any]] = []
    spam: list[dict[str, Any]] = []
    seen: set[str] = set()
    for i, line in enumerate(git_show(mirror, PATH).decode("utf-8", errors="replace").splitlines()):
        if "\t" not in line:
            continue
        tag, text = line.split("\t", 1)
        body = clean_en(text)
        if not valid(body) or len(body.split()) < 2 or norm_key(body) in seen:
            continue
        seen.add(norm_key(body))
        rec = {
            "id": f"sms-{i:05d}",
            "text": body,
            "lang": "en",
            "kind": "social",
            "label": "benign",
            "source": f"github:{REPO}@{commit}:{PATH}",
            "meta": {"sms_class": tag},
        }
        (spam if tag == "spam" else ham).append(rec)
    rng = random.Random(SEED)
    print(f"ham {len(ham)} spam {len(spam)}")
    out = rng.sample(ham, min(CAP_HAM, len(ham))) + rng.sample(spam, min(CAP_SPAM, len(spam)))
    write_jsonl(OUT_DIR / "en.jsonl", out)


if __name__ == "__main__":
    main()
