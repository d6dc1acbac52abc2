"""news_wildlife_zh_bbc_ivory_ban: paragraphs of a blogger's own Simplified Chinese translation of the BBC News story
"China announces ban on ivory trade by end of 2017" (30 December 2016), committed as a Jekyll post in
github:jJayyyyyyy/jJayyyyyyy.github.io.

Usage: python extract.py /work/.mirror/jJayyyyyyy+jJayyyyyyy.github.io/repo
Writes zh.jsonl next to this script. Stdlib only, deterministic.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import write_jsonl
from news_extract import build, make_matcher, md_docs

OUT_DIR = Path(__file__).resolve().parent


REPO = "jJayyyyyyy/jJayyyyyyy.github.io"
COMMIT = "d06de423c4bc16f5fae48a53bd140a79101e3b36"
LANG = "zh"
PREFIX = "bbcivory"
PATH = "_posts/translation/2016-12-31-China_announces_ban_on_ivory_trade_by_end_of_2017.md"

_TRADE = r"交易|贸易|禁止|禁令|加工|销售|市场|贩运|非法|焚毁|销毁|价格|美元|欧元|公斤|公约|购买|供应|盗猎|偷猎|灭绝|保护"
MATCH = make_matcher(
    [(r"象牙|大象|犀牛角|穿山甲", _TRADE)],
    exclude=r"象牙塔|象牙白|象牙色|象牙海岸",
)


def han_script(text: str) -> bool:
    """Mostly Chinese characters (the English header line of the post is not a passage)."""
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum("\u4e00" <= c <= "\u9fff" for c in letters) / len(letters) >= 0.7


def main() -> None:
    git_dir = sys.argv[1]
    docs = md_docs(git_dir, COMMIT, PATH, "BBC News (translated by the blog's author)")
    recs = build(docs, LANG, REPO, COMMIT, PREFIX, MATCH, min_len=25, script=han_script)
    write_jsonl(OUT_DIR / f"{LANG}.jsonl", recs)


if __name__ == "__main__":
    main()
