"""Extract Chinese e-commerce product titles with prices (JD.com, Taobao/Tmall search results) that five
small scraping projects committed as CSV files:

- shawmoden/jdcrawler `jd.csv` (GB18030; JD laboratory supplies: sku, title, price, self-operated, shop)
- MantoraHou/Valuation-Method-Competition `taobao.csv`, `taobao1.csv`, `taobao_jiweiiu.csv` (GB18030;
  Taobao search results for cocktails / RIO)
- yujie-liu/jd_spider `jd.csv` (JD mobile phones)
- Rockobass/jd-spider `jd.csv` (JD face masks)
- TWItachi/python- `taobao.csv` (Taobao search "python 爬虫": books and coding services)

Text = "{title} ¥{price}" (a space, as a Chinese title is not followed by a full stop). Exact and near duplicates (same title with other digits) are dropped.

Usage: python extract.py <shawmoden+jdcrawler> <MantoraHou+Valuation-Method-Competition> \
    <yujie-liu+jd_spider> <Rockobass+jd-spider> <TWItachi+python-> (bare mirror git dirs)
Writes zh.listing.jsonl next to this script. Stdlib only.
"""

import csv
import io
import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import clean_shop, git_show, valid_shop, write_listings

OUT_DIR = Path(__file__).resolve().parent


CAP = 3000
# (mirror argument index, repo, commit, path, encoding, parser name, platform, category)
FILES = [
    (
        0,
        "shawmoden/jdcrawler",
        "e9d3e7a5d3438bffeeb7d48848ecad62bf1b6b1f",
        "jd.csv",
        "gb18030",
        "jd_shaw",
        "JD",
        "实验室用品",
    ),
    (
        1,
        "MantoraHou/Valuation-Method-Competition",
        "95a75208a51ebd0286c32ecfbe5893d67d63c5ae",
        "taobao.csv",
        "gb18030",
        "tb_goods",
        "Taobao",
        "鸡尾酒",
    ),
    (
        1,
        "MantoraHou/Valuation-Method-Competition",
        "95a75208a51ebd0286c32ecfbe5893d67d63c5ae",
        "taobao1.csv",
        "gb18030",
        "tb_raw",
        "Taobao",
        "鸡尾酒",
    ),
    (
        1,
        "MantoraHou/Valuation-Method-Competition",
        "95a75208a51ebd0286c32ecfbe5893d67d63c5ae",
        "taobao_jiweiiu.csv",
        "gb18030",
        "tb_goods",
        "Taobao",
        "鸡尾酒",
    ),
    (
        2,
        "yujie-liu/jd_spider",
        "0d8402e3dd0681ec1db7ef926d45deed09d27e9b",
        "jd.csv",
        "utf-8",
        "jd_phone",
        "JD",
        "手机",
    ),
    (
        3,
        "Rockobass/jd-spider",
        "2b3cd87f717e0e2dcc54ab455aa168809b4180f0",
        "jd.csv",
        "utf-8",
        "jd_rocko",
        "JD",
        "面膜",
    ),
    (
        4,
        "TWItachi/python-",
        "3a74bc0bbee5919aa73d286b64e5795c99738e26",
        "taobao.csv",
        "utf-8",
        "tb_books",
        "Taobao",
        "图书/编程服务",
    ),
]
WILDLIFE = re.compile(
    r"象牙(?![白色果黄红])|犀角|犀牛角|玳瑁|鹤顶红|穿山甲|虎骨|虎鞭|熊胆|麝香|羚羊角|砗磲|红珊瑚|海龟|鱼翅|"
    r"猛犸|豹皮|虎皮(?!鹦鹉|牡丹|兰|蛋糕|尖椒|纹)"
)


def price_text(raw: str) -> str:
    """'99.00元' / '149.00' / '5799' -> '¥99.00' (as Taobao/JD show it)."""
    m = re.search(r"\d+(?:\.\d+)?", raw.replace(",", ""))
    return f"¥{m.group(0)}" if m else ""


def rows(fmt: str, text: str) -> list[tuple[str, str, str, str]]:
    """(row id, title, price, shop) per row."""
    out = []
    if fmt == "jd_shaw":  # no header: sku, title, price, self-operated, shop
        for r in csv.reader(io.StringIO(text)):
            if len(r) >= 3:
                out.append((r[0], r[1], r[2], r[4] if len(r) > 4 else ""))
    elif fmt == "tb_goods":
        for i, r in enumerate(csv.DictReader(io.StringIO(text))):
            out.append((r.get("") or str(i), r["goods"], r["price"], r.get("name", "")))
    elif fmt == "tb_raw":
        for i, r in enumerate(csv.DictReader(io.StringIO(text))):
            out.append((r.get("") or str(i), r["raw_title"], r["view_price"], ""))
    elif fmt == "jd_phone":
        for r in csv.DictReader(io.StringIO(text)):
            out.append((r["ID"], r["name"].strip(" \n,"), r["price"], ""))
    elif fmt == "jd_rocko":  # no header: title parts (python list repr), comments, shop, price, url, sku
        import ast

        for r in csv.reader(io.StringIO(text)):
            if len(r) < 6:
                continue
            parts = [p.strip() for p in ast.literal_eval(r[0]) if p.strip() and p.strip() != "京东超市"]
            out.append((r[5], " ".join(parts), r[3], r[2]))
    elif fmt == "tb_books":
        for i, r in enumerate(csv.DictReader(io.StringIO(text))):
            out.append((str(i), r["name"], r["price"], r["shopname"]))
    return out


def main() -> None:
    mirrors = sys.argv[1:6]
    records: list[dict[str, Any]] = []
    dropped = []
    for idx, repo, commit, path, enc, fmt, platform, category in FILES:
        text = git_show(mirrors[idx], path, commit).decode(enc)
        stem = repo.split("/")[0].lower() + "-" + path.rsplit(".", 1)[0]
        for n, (_rid, title, price, shop) in enumerate(rows(fmt, text)):
            title = clean_shop(title)
            p = price_text(price)
            if not title or not p:
                continue
            text_out = f"{title} {p}"
            if not valid_shop(title) or not valid_shop(text_out):
                continue
            if WILDLIFE.search(title):
                dropped.append(title)
                continue
            meta: dict[str, Any] = {"title": title, "price": p, "platform": platform, "category": category}
            if shop.strip():
                meta["shop"] = clean_shop(shop)
            records.append(
                {
                    "id": f"zhecom-{stem}-{n:05d}",
                    "text": text_out,
                    "lang": "zh",
                    "kind": "listing",
                    "label": "benign",
                    "source": f"github:{repo}@{commit}:{path}",
                    "meta": meta,
                }
            )
    write_listings(OUT_DIR / "zh.listing.jsonl", records, dropped, CAP)


if __name__ == "__main__":
    main()
