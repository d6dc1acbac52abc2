"""news_wildlife_zh_tw_judgments: passages about protected-wildlife trade, smuggling and poaching from Taiwanese
court judgments under the Wildlife Conservation Act (野生動物保育法), crawled by github:ronnywang/cuora-case.

Usage: python extract.py /work/.mirror/ronnywang+cuora-case/repo
Reads every `*.txt` (an HTML page of the Judicial Yuan's FJUD system) at the pinned commit with `git show`,
takes the judgment text inside <pre>, and writes zh.jsonl next to this script. Stdlib only, deterministic.
"""

import hashlib
import html
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import write_jsonl
from news_extract import build, git_ls, git_show, make_matcher

OUT_DIR = Path(__file__).resolve().parent


REPO = "ronnywang/cuora-case"
COMMIT = "c6e032e39d934403f567751e9f239b8a5e3c9441"
LANG = "zh"
PREFIX = "twjud"

_ANIMAL = (
    r"保育類|野生動物|瀕臨絕種|珍貴稀有|產製品|穿山甲|象牙|犀牛角|犀角|虎骨|虎皮|熊膽|熊掌|鯊魚|玳瑁|陸龜|食蛇龜|柴棺龜|"
    r"金錢龜|龜|鱉|鸚鵡|猛禽|老鷹|鷹|八哥|畫眉|綠繡眼|鳥|蛇|蜥|獼猴|猴|山羌|水鹿|山豬|長鬃山羊|石虎|白鼻心|飛鼠|麝香|蘭嶼|珊瑚"
)
_TRADE = (
    r"販賣|買賣|出售|販售|收購|走私|私運|輸入|輸出|進口|出口|陳列|展示|扣案|扣押|沒收|查獲|查扣|獵捕|獵殺|宰殺|運輸|運送|"
    r"寄送|持有|飼養|交易|牟利|網路|拍賣|販運"
)
MATCH = make_matcher(
    [
        (r"穿山甲|象牙|犀牛角|犀角|虎骨|熊膽|玳瑁|華盛頓公約|瀕臨絕種|CITES", _TRADE),
        (r"保育類野生動物|野生動物產製品|珍貴稀有", _TRADE),
        (_ANIMAL, r"保育類|瀕臨絕種|珍貴稀有"),
    ],
    exclude=r"象牙塔|象牙[白色]|象牙海岸",
)

_ROLE = re.compile(
    r"^\s*(?:被\s*告|選\s*任\s*辯\s*護\s*人|指\s*定\s*辯\s*護\s*人|辯\s*護\s*人|代\s*理\s*人|法\s*定\s*代\s*理\s*人|"
    r"上\s*訴\s*人|告\s*訴\s*人|參\s*與\s*人|原\s*審\s*被\s*告)[\s　]*([\u4e00-\u9fff○]{2,5})"
)
_ADDRESS = re.compile(r"(?:路|街|巷|弄|鄰|村)[\d０-９一二三四五六七八九十百○]+(?:段|巷|弄|號|樓)")
_SURNAMES = (
    "陳林黃張李王吳劉蔡楊許鄭謝郭洪曾邱廖賴周徐蘇葉莊呂江何蕭羅高潘簡朱鍾彭游詹胡施沈余盧梁趙顏柯翁魏孫戴范方宋"
    "鄧杜傅侯曹薛丁卓阮馬董温唐藍蔣石古紀姚連馮歐程湯黃田康姜白汪鄒尤巫鐘黎涂龔嚴韓袁金童陸夏柳邵錢伍倪溫池毛段雷武賀孔易郝閻卜冉"
)
# a person's name next to a role word ("與范良建", "證人王○明", "被告林某某於"): such windows are dropped
_PERSON = re.compile(
    r"(?:被告|與|及|、|證人|同案|綽號|暨|告訴人|鑑定人|警員|員警)[" + _SURNAMES + r"][\u4e00-\u9fff]{1,2}"
    r"(?=於|係|所|、|（|\(|二人|三人|等|共同|明知|因|均|之|即|以|向|在|將|自|並|亦|供|證|明|，)"
)
_DATE = re.compile(r"中\s*華\s*民\s*國\s*[\d０-９一二三四五六七八九十○]+\s*年")


def judgment(raw: bytes) -> tuple[str, str, str]:
    """(title, body, header) of one FJUD page; body is the text between the case line and the date line,
    with the hard line-wraps removed and the names of parties taken from the header masked as ○○○."""
    t = raw.decode("utf-8", errors="replace")
    title_m = re.search(r"<title>(.*?)</title>", t, re.S)
    m = re.search(r"(?s)<pre[^>]*>(.*?)</pre>", t)
    if not m:
        return "", "", ""
    text = html.unescape(re.sub(r"<[^>]+>", "", m.group(1)))
    lines = text.splitlines()
    names = set()
    start = 0
    for i, ln in enumerate(lines):
        r = _ROLE.match(ln)
        if r and "○" not in r.group(1) and not r.group(1).startswith(("因", "等", "違反")):
            names.add(r.group(1))
        if re.match(r"^\s*上\s*列", ln):
            start = i
            break
    body_lines = []
    for ln in lines[start:]:
        if _DATE.search(ln) or ln.strip().startswith("附錄"):
            break
        body_lines.append(ln.strip().replace("\u3000", ""))
    body = "".join(body_lines)
    for n in sorted(names, key=len, reverse=True):
        body = body.replace(n, "○○○")
    title = html.unescape(title_m.group(1)).strip() if title_m else ""
    return title, body, ""


def docs(git_dir: str):
    for path in git_ls(git_dir, COMMIT):
        if not path.endswith(".txt"):
            continue
        try:
            raw = git_show(git_dir, COMMIT, path)
        except subprocess.CalledProcessError:
            continue
        title, body, _ = judgment(raw)
        if not body:
            continue
        # split at the section headings and numbered points so that windows stay inside one part
        pars = re.split(
            r"(?=主\s*文|事\s*實\s*及\s*理\s*由|犯\s*罪\s*事\s*實|理\s*由|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)])",
            body,
        )
        doc_id = hashlib.sha1(path.encode()).hexdigest()[:10]
        pars = [re.sub(r"^(?:主\s*文|事\s*實\s*及\s*理\s*由|犯\s*罪\s*事\s*實|理\s*由)", "", p) for p in pars]
        yield (
            doc_id,
            path,
            [p for p in pars if p.strip()],
            {"outlet": "judicial.gov.tw (FJUD)", "title": title, "case": path[:-4]},
        )


def zh_script(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and len(re.findall(r"[\u4e00-\u9fff]", text)) / len(letters) >= 0.8


def main() -> None:
    git_dir = sys.argv[1]
    recs = build(
        docs(git_dir),
        LANG,
        REPO,
        COMMIT,
        PREFIX,
        MATCH,
        min_len=30,
        script=zh_script,
        cap=500,
        per_doc=2,
        drop=lambda t: bool(_ADDRESS.search(t) or _PERSON.search(t)),
    )
    write_jsonl(OUT_DIR / f"{LANG}.jsonl", recs)


if __name__ == "__main__":
    main()
