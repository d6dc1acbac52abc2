"""Extract paragraphs ABOUT wildlife trade (news, enforcement, conservation) from news corpora on GitHub.

These are hard negatives for zeroview: they name ivory, rhino horn, pangolins... but offer nothing.
Usage (each argument is NAME=MIRROR, any subset may be given; missing ones are skipped):

  python extract.py \
    baomoi=/work/.mirror/magizbox+scraper/repo/.git \
    thaigov=/work/.mirror/PyThaiNLP+thaigov-v2-corpus/repo \
    hkcnews=/work/.mirror/hkarchivist+hkcnews-article-archive/repo \
    kompas=/work/.mirror/Naandalist+trending-news-diggest/repo \
    gothamist=/work/.mirror/jeremiak+gothamist-scrape-data/repo \
    felix=/work/.mirror/FelixOnline+v2/repo

Writes <lang>.jsonl next to this script. Stdlib only.
"""

import hashlib
import random
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, news_extract.py
from extracting import (
    SEED,
    clean_en,
    front_matter,
    git_blobs,
    git_head,
    md_paragraphs,
    norm_key,
    sentences,
    valid,
    write_jsonl,
)
from news_extract import passage

OUT_DIR = Path(__file__).resolve().parent


CAP_PER_LANG = 2000
MAX_CHARS = 800

# ---------------------------------------------------------------- keyword rules, one set per language
# A chunk is kept if, after removing the EXCLUDE matches (the other senses: 'ivory tower', 'Ivory Coast',
# ivory the colour, poached eggs, the Mahonia plant called 'mật gấu', the 'Ivory Room' of Thai Government
# House...), one of the (TERM, CONTEXT[, VETO]) rules matches: TERM somewhere and, where CONTEXT is given,
# CONTEXT too, and never VETO (e.g. cooking or sports words next to 'poached').
_EN_TRADE = (
    r"(?i)illegal|smuggl|traffick|seiz|confiscat|poach|black market|\bban(?:s|ned)?\b|\btrade\b|traders?\b"
    r"|dealers?|forfeit|\bsold\b|selling|\bsale\b|carv|antique|CITES|tusks?|horns?|bones?|skins?|parts\b|farm"
)
_EN_ANIMAL = (
    r"(?i)elephant|rhino|tiger|wildlife|animal|species|ivory|tusk|pangolin|ranger|hunt|parrot|bird"
    r"|crab|lobster|fish|deer|bear|lion|leopard|shark|turtle|reserve|national park|endangered"
)
_VI_CONTEXT = (
    r"(?i)buôn bán|buôn lậu|vận chuyển|tàng trữ|bắt giữ|thu giữ|tịch thu|bắt quả tang|khởi tố|xét xử|tuyên án"
    r"|săn bắt|trái phép|nghiêm cấm|hải quan|kiểm lâm|nuôi nhốt"
)
_ID_CONTEXT = (
    r"(?i)perdagangan|diperdagangkan|penyelundupan|diselundupkan|ilegal|dijual|diperjualbelikan|disita|sitaan"
    r"|BKSDA|dilindungi|perburuan|pemburu"
)
RULES: dict[str, dict[str, Any]] = {
    "en": {
        "pairs": [
            (
                r"(?i)\brhino(?:ceros)?[- ]horns?\b|\bpangolins?\b|\bbear[- ]bile\b|\btiger[- ]bones?\b|\bhornbills?\b"
                r"|\btotoaba\b|\bwildlife (?:trade|traffick\w*|crime|smuggl\w*)\b|\banti-poaching\b|\belephant ivory\b"
                r"|\bivory (?:trade|traders?|ban|trafficking|smuggling|seizures?|crush|tusks?|carvings?|dealers?|sales?|market)\b"
                r"|(?-i:\bCITES\b)",
                None,
            ),
            (
                r"(?i)\bshark[- ]fins?\b",
                r"(?i)soup|finning|\bban|trade|sale|restaurant|market|menu|dish|shark populations",
            ),
            (
                r"(?i)\bivory\b",
                _EN_TRADE.replace(
                    "|tusks?|horns?|bones?|skins?|parts\\b|farm", "|elephant|tusk|mammoth|rhino"
                ),
            ),
            (
                r"(?i)\bpoach(?:ed|ing|ers?)\b|\btusks\b",
                _EN_ANIMAL,
                r"(?i)menu|dish|\beggs?\b|sauce|served|\bchef|restaurant|recipe|truffle|braised|grilled|kicked off"
                r"|defen[cs]e|tackle|goals?\b|\btry\b|striker|hir(?:e|es|ed|ing)\b|employees|graduates|staff",
            ),
            (
                r"\b(?:rhinos?|elephants?|tigers?)\b",
                r"(?i)illegal|smuggl|traffick|seiz|confiscat|poach|black market|ivory|\bhorns?\b|\bbones?\b|\bskins?\b"
                r"|for sale|\b(?:tiger|rhino|bear) farm",
            ),
        ],
        "exclude": r"(?i)ivory coast|ivory tower|ivory[- ](?:white|colou?r\w*|dress|gown|lace|satin|silk|paint|keys|soap)"
        r"|poached (?:eggs?|salmon|pears?|chicken|lobster|fish|shrimp|oysters?|halibut|cod|quail|tuna|marrow)"
        r"|\bpoach(?:ed|ing) (?:from|by|away|one of)\b|Pangolin Editions|(?-i:Tigers\b|Tiger Woods)",
    },
    "vi": {
        "pairs": [
            (
                r"(?i)ngà voi|sừng tê(?: giác)?|vảy tê tê|mật gấu|xương hổ|cao hổ|vây cá mập|vi cá mập"
                r"|(?-i:chim hồng hoàng|mỏ hồng hoàng|sừng hồng hoàng)|buôn bán động vật hoang dã|buôn lậu động vật"
                r"|động vật hoang dã (?:quý hiếm|nguy cấp)|(?-i:\bCITES\b|\bCites\b)",
                None,
            ),
            (
                r"(?i)săn trộm|động vật hoang dã|động vật quý hiếm|\btê tê\b|\bvoi\b|\bhổ\b|\bgấu\b|\btê giác\b|\brùa\b"
                r"|\bcu li\b|\btrăn\b|\bkhỉ\b",
                _VI_CONTEXT,
            ),
        ],
        "exclude": r"(?i)trắng ngà|màu ngà|ngà ngà|hổ thẹn|hổ phách|xấu hổ|hổ tham nhũng|hổ dữ|cá voi|(?:cây|lá|rễ) mật gấu"
        r"|trộm chó",
    },
    "th": {
        "pairs": [
            (
                r"งาช้าง|นอแรด|ตัวนิ่ม|เกล็ดลิ่น|ตัวลิ่น|ซากสัตว์ป่า|สัตว์ป่าคุ้มครอง|สัตว์ป่าสงวน|ค้าสัตว์ป่า"
                r"|ลักลอบค้าสัตว์|ไซเตส|CITES|ครีบฉลาม|หูฉลาม|ดีหมี|กระดูกเสือ|นกเงือก|ลักลอบล่าสัตว์",
                None,
            )
        ],
        "exclude": r"สีงาช้าง",  # ห้องสีงาช้าง, the 'Ivory Room' of Government House
    },
    "zh": {
        "pairs": [
            (
                r"象牙|犀牛角|犀角|穿山甲|魚翅|鯊魚翅|鱼翅|熊膽|熊胆|虎骨|盔犀鳥|瀕危物種|瀕危野生"
                r"|野生動物走私|走私野生|走私瀕危|CITES|華盛頓公約",
                None,
            )
        ],
        "exclude": r"象牙(?:寶)?塔|象牙[白色]|象牙海岸|長不出象牙",  # ivory tower, ivory colour, Côte d'Ivoire, idiom
    },
    "id": {
        "pairs": [
            (
                r"(?i)trenggiling|gading gajah|cula badak|perdagangan satwa|penyelundupan satwa|sisik trenggiling"
                r"|kulit harimau|paruh rangkong|sirip hiu|(?-i:\bCITES\b)",
                None,
            ),
            (r"(?i)satwa (?:yang )?dilindungi|satwa liar", _ID_CONTEXT),
        ],
        "exclude": None,
    },
}
COMPILED = {
    lang: {
        "pairs": [
            (re.compile(p[0]), re.compile(p[1]) if p[1] else None, re.compile(p[2]) if len(p) > 2 else None)
            for p in r["pairs"]
        ],
        "exclude": re.compile(r["exclude"]) if r["exclude"] else None,
    }
    for lang, r in RULES.items()
}
_SCRIPT = {
    "zh": re.compile(r"[\u4e00-\u9fff]"),
    "th": re.compile(r"[\u0e00-\u0e7f]"),
    "vi": re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I),
    "en": re.compile(r"[A-Za-z]"),
    "id": re.compile(r"[A-Za-z]"),
}


def matches(text: str, lang: str) -> str | None:
    """Return the keyword that makes `text` a wildlife-trade chunk, or None."""
    r = COMPILED[lang]
    if r["exclude"] is not None:
        text = r["exclude"].sub(" ", text)  # drop the other senses, then look again
    for term, context, veto in r["pairs"]:
        m = term.search(text)
        if m and (context is None or context.search(text)) and (veto is None or not veto.search(text)):
            return m.group(0).lower()
    return None


def right_script(text: str, lang: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    hits = len(_SCRIPT[lang].findall(text))
    if lang == "vi":
        return hits >= 3
    return hits / len(letters) >= (0.5 if lang in ("zh", "th") else 0.8)


def chunks(par: str, lang: str) -> Iterator[tuple[str, str]]:
    """Yield (chunk, keyword) for the 1-4 sentence windows of `par` that are about wildlife trade."""
    sents = sentences(par, lang)
    joiner = "" if lang == "zh" else " "
    if len(sents) <= 4 and len(par) <= MAX_CHARS:
        kw = matches(par, lang)
        if kw:
            yield par, kw
        return
    i = 0
    while i < len(sents):
        kw = matches(sents[i], lang)
        if not kw:
            i += 1
            continue
        win = [sents[i]]
        j = i + 1
        while j < len(sents) and len(win) < 3 and len(joiner.join(win + [sents[j]])) <= MAX_CHARS:
            win.append(sents[j])
            j += 1
        text = joiner.join(win)
        if len(text) > MAX_CHARS:  # one very long sentence: cut at a word boundary
            cut = text[:MAX_CHARS]
            k = cut.rfind(" ")
            text = (cut[:k] if k > MAX_CHARS // 2 else cut).rstrip(" ,;:-") + "…"
        yield text, kw
        i = j


# ---------------------------------------------------------------- one reader per source
Doc = tuple[str, str, list[str], dict[str, str]]  # (doc id, path, paragraphs, meta)


def read_baomoi(mirror: str) -> Iterator[Doc]:
    for path, data in git_blobs(mirror, "vn_news/data", ".txt"):
        lines = data.decode("utf-8", errors="replace").splitlines()
        if not lines:
            continue
        yield Path(path).stem, path, lines, {"outlet": "baomoi.com", "title": lines[0].strip()}


def read_thaigov(mirror: str) -> Iterator[Doc]:
    for path, data in git_blobs(mirror, "data", ".txt"):
        lines = data.decode("utf-8", errors="replace").splitlines()
        lines = [ln for ln in lines if not ln.startswith("ที่มา")]
        if not lines:
            continue
        date = path.split("/")[1]
        yield (
            hashlib.sha1(path.encode()).hexdigest()[:10],
            path,
            lines,
            {"outlet": "thaigov.go.th", "title": lines[0].strip(), "date": date},
        )


def read_markdown(mirror: str, prefix: str, outlet: str, id_of: Callable[[str], str]) -> Iterator[Doc]:
    for path, data in git_blobs(mirror, prefix, ".md"):
        meta, body = front_matter(data.decode("utf-8", errors="replace"))
        info = {"outlet": outlet, "title": meta.get("title", ""), "date": meta.get("date", "")}
        yield id_of(path), path, md_paragraphs(body), {k: v for k, v in info.items() if v}


SOURCES: dict[str, tuple[str, str, str, Callable[[str], Iterator[Doc]]]] = {
    # name: (lang, repo, id prefix, reader)
    "baomoi": ("vi", "magizbox/scraper", "vnbm", read_baomoi),
    "thaigov": ("th", "PyThaiNLP/thaigov-v2-corpus", "thgov", read_thaigov),
    "hkcnews": (
        "zh",
        "hkarchivist/hkcnews-article-archive",
        "hkcn",
        lambda m: read_markdown(m, "articles", "hkcnews.com", lambda p: Path(p).stem.split("_")[-1]),
    ),
    "kompas": (
        "id",
        "Naandalist/trending-news-diggest",
        "kmp",
        lambda m: read_markdown(
            m, "archive", "kompas.com", lambda p: hashlib.sha1(p.encode()).hexdigest()[:10]
        ),
    ),
    "gothamist": (
        "en",
        "jeremiak/gothamist-scrape-data",
        "goth",
        lambda m: read_markdown(m, "", "gothamist.com", lambda p: hashlib.sha1(p.encode()).hexdigest()[:10]),
    ),
    "felix": (
        "en",
        "FelixOnline/v2",
        "felix",
        lambda m: read_markdown(
            m, "content/articles", "felixonline.co.uk", lambda p: hashlib.sha1(p.encode()).hexdigest()[:10]
        ),
    ),
}


def main() -> None:
    mirrors = dict(a.split("=", 1) for a in sys.argv[1:])
    by_lang: dict[str, list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for name, (lang, repo, prefix, reader) in SOURCES.items():
        if name not in mirrors:
            print(f"skip {name}: no mirror given")
            continue
        mirror = mirrors[name]
        commit = git_head(mirror)
        kept, kws = 0, Counter()
        for doc_id, path, pars, meta in reader(mirror):
            k = 0
            for raw in pars:
                par = clean_en(raw)
                if not par or not matches(par, lang):
                    continue
                for text, kw in chunks(par, lang):
                    text = text.strip()
                    if not valid(text) or len(text) < 25 or not right_script(text, lang):
                        continue
                    if norm_key(text) in seen:
                        continue
                    seen.add(norm_key(text))
                    k += 1
                    kept += 1
                    kws[kw] += 1
                    by_lang.setdefault(lang, []).append(
                        passage(prefix, doc_id, k, text, lang, repo, commit, path, meta, kw)
                    )
        print(f"{name}: {kept} chunks; top keywords {kws.most_common(8)}")
    for lang, recs in sorted(by_lang.items()):
        if len(recs) > CAP_PER_LANG:
            recs = random.Random(SEED).sample(recs, CAP_PER_LANG)
        write_jsonl(OUT_DIR / f"{lang}.jsonl", recs)


if __name__ == "__main__":
    main()
