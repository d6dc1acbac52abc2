"""Copy ../shared/data/everyday (Universal Dependencies sentences) into this folder in FORMAT.md's shape.

Usage: python extract.py ../../../../shared/data/everyday
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    source = Path(sys.argv[1])
    for path in sorted(source.glob("*.jsonl")):
        lang = path.stem
        seen: set[str] = set()
        records = []
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            row = json.loads(line)
            text = " ".join(row["text"].split())
            key = text.lower()
            if len(text) < 3 or key in seen:
                continue
            seen.add(key)
            records.append(
                {
                    "id": f"ud-{lang}-{number:05d}",
                    "text": text[:2000],
                    "lang": lang,
                    "kind": "everyday",
                    "label": "benign",
                    "source": f"github:{row['source'].removeprefix('github:')}",
                }
            )
        with (Path(__file__).parent / f"{lang}.jsonl").open("w", encoding="utf-8") as out:
            for record in records:
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        print(lang, len(records))


if __name__ == "__main__":
    main()
