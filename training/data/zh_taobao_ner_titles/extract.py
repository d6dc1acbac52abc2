"""Extract Taobao product titles (Chinese) from the e-commerce NER datasets published with
"A Neural Multi-digraph Model for Chinese NER with Gazetteers" (Ding et al., ACL 2019, Alibaba;
PhantomGrapes/MultiDigraphNER) and the industry e-commerce set shipped in allanj/ner_incomplete_annotation.

The NER files hold one character per line with a tag; a blank line ends a title. Titles are rebuilt by
joining the characters. Both sources lower-cased Latin letters.

Usage: python extract.py /work/.mirror/PhantomGrapes+MultiDigraphNER/repo /work/.mirror/allanj+ner_incomplete_annotation/repo
Writes zh.listing.jsonl next to this script. Stdlib only.
"""

import re
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import cap, clean_shop, dedup_near, git_show, valid_shop, write_jsonl

OUT_DIR = Path(__file__).resolve().parent


SOURCES = [
    # (repo, commit, paths, id prefix)
    (
        "PhantomGrapes/MultiDigraphNER",
        "b29aec76dc6edc4dd757ebd6d8c166df2c4b0630",
        ["data/ecommerce/train.txt.bieos", "data/ecommerce/dev.txt.bieos", "data/ecommerce/test.txt.bieos"],
        "mdg",
    ),
    (
        "allanj/ner_incomplete_annotation",
        "a885c29bba4178885dcf4b674019650775d9512c",
        ["data/ecommerce/train.txt", "data/ecommerce/dev.txt", "data/ecommerce/test.txt"],
        "nia",
    ),
]
CAP = 3000
# Offers of protected wildlife products (ivory incl. mammoth ivory, rhino horn, tortoiseshell, hornbill
# casque, pangolin, tiger, bear bile, musk, saiga horn, giant clam, red coral, sea turtle, shark fin):
# dropped. Colour/material names and brands that merely contain such a word are kept (see SENSE).
WILDLIFE = re.compile(
    r"象牙(?![白色果黄红])|犀角|犀牛角|玳瑁|鹤顶红|穿山甲|虎骨|虎鞭|熊胆|麝香|羚羊角|砗磲|红珊瑚|海龟|鱼翅|"
    r"猛犸|豹皮|虎皮(?!鹦鹉|牡丹|兰|蛋糕|尖椒|纹)"
)
# Live animals offered (lawful pets, livestock, insects): kind animal_listing, still benign.
ANIMAL = re.compile(
    r"活体|犬舍|猫舍|猪苗|鹅苗|鸡苗|鸭苗|出售.{0,12}(?:幼犬|幼猫|猫|犬)|(?:幼犬|幼猫|狗狗)出售"
)
NOT_ANIMAL = re.compile(
    r"笼|饲养盒|饲养箱|加热垫|灯座|灯|粮|玩具|太岁|灵芝|银耳|菌|奶粉|衣服|服装|背心|裙|驱虫|试纸|卡套|尿片|营养|钙|"
    r"零食|沐浴|铲|脐带|饮水|喂奶|鱼味"
)
# A wildlife word used in another sense (colour, material, brand, fruit): meta.sense.
SENSE = re.compile(
    r"象牙白|象牙色|象牙果|象牙黄|天鹅绒|小天鹅|孔雀蓝|孔雀绿|孔雀石|孔雀(?!翎|羽|毛)|猕猴桃|熊掌|鹦鹉螺|虎皮鹦鹉|"
    r"虎皮蛋糕|虎皮尖椒|天鹅|玳瑁色|玳瑁纹"
)


def classify(text: str) -> tuple[str | None, dict[str, str]]:
    """Return (kind or None to drop, extra meta)."""
    if WILDLIFE.search(text):
        return None, {}
    extra = {}
    m = SENSE.search(text)
    if m:
        extra["sense"] = m.group(0)
    if ANIMAL.search(text) and not NOT_ANIMAL.search(text):
        return "animal_listing", extra
    return "listing", extra


def sentences(text: str) -> list[str]:
    """Rebuild the titles from the one-character-per-line NER files (blank line = end of title)."""
    out, cur = [], []
    for line in text.split("\n"):
        if not line.strip():
            if cur:
                out.append("".join(cur))
                cur = []
            continue
        cur.append(line.split("\t")[0] if "\t" in line else line.split(" ")[0])
    if cur:
        out.append("".join(cur))
    return out


def main() -> None:
    import sys

    mirrors = dict(zip([s[0] for s in SOURCES], sys.argv[1:3]))
    records: list[dict[str, Any]] = []
    dropped_wildlife = []
    for repo, commit, paths, prefix in SOURCES:
        for path in paths:
            split = path.rsplit("/", 1)[-1].split(".")[0]
            for i, title in enumerate(sentences(git_show(mirrors[repo], path, commit).decode("utf-8"))):
                # The source replaced spaces inside titles with "," (allanj copy) and kept full-width spaces.
                text = clean_shop(title.replace(",", " ") if prefix == "nia" else title)
                text = text.strip(" ,，")
                if not valid_shop(text):
                    continue
                kind, extra = classify(text)
                if kind is None:
                    dropped_wildlife.append(text)
                    continue
                records.append(
                    {
                        "id": f"tbner-{prefix}-{split}-{i:05d}",
                        "text": text,
                        "lang": "zh",
                        "kind": kind,
                        "label": "benign",
                        "source": f"github:{repo}@{commit}:{path}",
                        "meta": {"title": text, "split": split, "normalised_by_source": True, **extra},
                    }
                )
    records = dedup_near(records)
    print(f"{len(records)} after dedup; dropped as wildlife: {len(dropped_wildlife)}")
    for t in dropped_wildlife:
        print("  wildlife-drop:", t)
    animals = [r for r in records if r["kind"] == "animal_listing"]
    listings = [r for r in records if r["kind"] == "listing"]
    # Keep every lookalike-sense record (hard negatives), sample the rest up to the cap.
    sense = [r for r in listings if "sense" in r["meta"]]
    plain = [r for r in listings if "sense" not in r["meta"]]
    write_jsonl(OUT_DIR / "zh.listing.jsonl", sense + cap(plain, CAP - len(sense)))
    write_jsonl(OUT_DIR / "zh.animal_listing.jsonl", animals)


if __name__ == "__main__":
    main()
