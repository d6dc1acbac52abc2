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
import html
import json
import random
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

SEED = 20261206
OUT_DIR = Path(__file__).resolve().parent

_URL = re.compile(
    r"(?i)(?:https?://|www\.)\S*|\b[a-z0-9.-]+\.(?:com|net|org|vn|id|co\.id|co\.th|th|my|ly|me|io|co\.uk|hk)/\S*"
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w-])(?<!\d[.,/])(?:\+\d{1,3}[\s.-]?|0)\d{2,4}(?:[\s.-]?\d{3,4}){2}(?!\w|[.,/]\d)")
_HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
_TAG = re.compile(r"<[^>]{1,400}>")
_MOJI = re.compile(r"[ÃÂÄÅÆáº»¼½¾]")


def git_show(mirror: str, path: str) -> bytes:
    """Return the bytes of `path` at HEAD of the bare mirror `mirror`."""
    return subprocess.run(
        ["git", "--git-dir", mirror, "show", f"HEAD:{path}"], check=True, capture_output=True
    ).stdout


def git_head(mirror: str) -> str:
    out = subprocess.run(
        ["git", "--git-dir", mirror, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout
    return out.strip()


def git_ls(mirror: str, prefix: str) -> list[tuple[str, str]]:
    """(path, blob id) of the blobs under `prefix` at HEAD, sorted by path."""
    cmd = ["git", "--git-dir", mirror, "ls-tree", "-r", "-z", "HEAD"] + (["--", prefix] if prefix else [])
    out = subprocess.run(cmd, check=True, capture_output=True).stdout
    items = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        info, path = entry.split(b"\t", 1)
        mode, typ, oid = info.split()
        if typ == b"blob":
            items.append((path.decode("utf-8"), oid.decode()))
    return sorted(items)


def git_blobs(mirror: str, prefix: str, suffix: str) -> Iterator[tuple[str, bytes]]:
    """Yield (path, content) of the blobs under `prefix` ending in `suffix`, read through one
    `git cat-file --batch` process (blobs absent from the snapshot are skipped)."""
    items = [(p, o) for p, o in git_ls(mirror, prefix) if p.endswith(suffix)]
    proc = subprocess.Popen(
        ["git", "--git-dir", mirror, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert proc.stdin is not None and proc.stdout is not None
    for path, oid in items:
        proc.stdin.write(oid.encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            continue  # "<oid> missing": file not in the snapshot
        size = int(header[2])
        data = proc.stdout.read(size)
        proc.stdout.read(1)
        yield path, data
    proc.stdin.close()
    proc.wait()


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as cp1252/latin-1 when that is plainly what happened."""
    if not _MOJI.search(text):
        return text
    raw = bytearray()
    for ch in text:
        try:
            raw += ch.encode("cp1252")
        except UnicodeEncodeError:
            if ord(ch) > 255:
                return text
            raw.append(ord(ch))
    try:
        fixed = raw.decode("utf-8")
    except UnicodeDecodeError:
        return text
    return fixed if len(fixed) < len(text) else text


def clean(text: str) -> str:
    """Strip HTML, mask URLs/e-mails/phones/handles, collapse whitespace."""
    text = fix_mojibake(text)
    text = html.unescape(text)
    text = _TAG.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\ufffd", "")
    text = _EMAIL.sub("email@example.com", text)
    text = _URL.sub("http://url", text)
    text = _PHONE.sub("0123456789", text)
    text = _HANDLE.sub("@user", text)
    return re.sub(r"\s+", " ", text).strip()


def norm_key(text: str) -> str:
    return re.sub(r"\s+", " ", text.lower()).strip()


def valid(text: str) -> bool:
    """3..2,000 chars, with at least 3 word characters besides the masking placeholders."""
    rest = text
    for ph in ("http://url", "email@example.com", "0123456789", "@user"):
        rest = rest.replace(ph, " ")
    return 3 <= len(text) <= 2000 and len(re.sub(r"\W", "", rest)) >= 3


def dedup(records: list[dict[str, Any]], seen: set[str] | None = None) -> list[dict[str, Any]]:
    seen = set() if seen is None else seen
    out = []
    for r in records:
        k = norm_key(r["text"])
        if k in seen:
            continue
        seen.add(k)
        out.append(r)
    return out


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    records = sorted(records, key=lambda r: r["id"])
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {path}")


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


# ---------------------------------------------------------------- sentences and chunks
_SENT_LATIN = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-ZÀ-ỸĐ0-9])")
_SENT_ZH = re.compile(r"(?<=[。！？!?])(?:[」』”’）)]*)")


def sentences(par: str, lang: str) -> list[str]:
    if lang == "zh":
        parts = [s.strip() for s in _SENT_ZH.split(par)]
    elif lang == "th":
        # Thai has no sentence punctuation: a space ends a clause. Group clauses into ~150-char units.
        parts, cur = [], ""
        for seg in par.split(" "):
            cur = f"{cur} {seg}".strip()
            if len(cur) >= 150:
                parts.append(cur)
                cur = ""
        if cur:
            parts.append(cur)
    else:
        parts = [s.strip() for s in _SENT_LATIN.split(par)]
    return [p for p in parts if p]


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


# ---------------------------------------------------------------- markup to paragraphs
_MD_IMG = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BLOCK = re.compile(r"(?i)</?(?:p|div|br|blockquote|li|ul|ol|h\d|table|tr|figure|figcaption)\b[^>]*>")
_DROP = re.compile(r"(?is)<(script|style|iframe|noscript)\b.*?</\1>")


def front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split a '---' YAML header (flat key: value lines only) from the body."""
    meta: dict[str, str] = {}
    if text.startswith("---"):
        end = text.find("\n---", 3)
        if end > 0:
            for line in text[3:end].splitlines():
                m = re.match(r"^(\w+):\s*(.*)$", line)
                if m:
                    meta[m.group(1)] = m.group(2).strip().strip("'\"")
            text = text[end + 4 :]
    return meta, text


def md_paragraphs(body: str) -> list[str]:
    body = _DROP.sub(" ", body)
    body = _BLOCK.sub("\n\n", body)
    body = _MD_IMG.sub(" ", body)
    body = _MD_LINK.sub(r"\1", body)
    body = re.sub(r"\{\{<[^>]*>\}\}", " ", body)  # hugo shortcodes
    out = []
    for par in re.split(r"\n\s*\n", body):
        lines = [ln for ln in par.splitlines() if not ln.lstrip().startswith("|")]  # markdown tables
        par = " ".join(ln.strip().lstrip("#>").strip() for ln in lines)
        par = re.sub(r"(\*\*|__|\*)", "", par)
        out.append(par)
    return out


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
                par = clean(raw)
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
                        {
                            "id": f"{prefix}-{doc_id}-{k:02d}",
                            "text": text,
                            "lang": lang,
                            "kind": "news",
                            "label": "benign",
                            "source": f"github:{repo}@{commit}:{path}",
                            "meta": {**meta, "keyword": kw},
                        }
                    )
        print(f"{name}: {kept} chunks; top keywords {kws.most_common(8)}")
    for lang, recs in sorted(by_lang.items()):
        if len(recs) > CAP_PER_LANG:
            recs = random.Random(SEED).sample(recs, CAP_PER_LANG)
        write_jsonl(OUT_DIR / f"{lang}.jsonl", recs)


if __name__ == "__main__":
    main()
