"""Collect real sentences where a wildlife-trade word has ANOTHER sense: ivory the colour, 'ivory tower',
Ivory Coast, Python code, Monty Python, Jaguar cars/teams, Tiger Balm, Puma shoes, Shark Tank, poached eggs,
poaching staff, leopard/elephant print, white-gold jewellery; zh 象牙塔/象牙海岸; vi trắng ngà, cây mật gấu;
th ห้องสีงาช้าง (the 'Ivory Room'). These must never be removed.

Usage (NAME=MIRROR arguments, any subset):
  python extract.py goemotions=/work/.mirror/monologg+GoEmotions-pytorch/repo \
    davidson=/work/.mirror/t-davidson+hate-speech-and-offensive-language/repo \
    sms=/work/.mirror/hamzaaacodes+sms-spam-collection/repo \
    uci=/work/.mirror/kvrao+sentiment_analysis/repo \
    gothamist=/work/.mirror/jeremiak+gothamist-scrape-data/repo felix=/work/.mirror/FelixOnline+v2/repo \
    hkcnews=/work/.mirror/hkarchivist+hkcnews-article-archive/repo \
    baomoi=/work/.mirror/magizbox+scraper/repo/.git thaigov=/work/.mirror/PyThaiNLP+thaigov-v2-corpus/repo

Writes <lang>.<kind>.jsonl next to this script. Stdlib only.
"""

import csv
import hashlib
import io
import random
import re
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # extracting.py, shared by the extract scripts
from extracting import (
    SEED,
    clean_en,
    front_matter,
    git_blobs,
    git_head,
    git_show,
    md_paragraphs,
    norm_key,
    sentences,
    valid,
    write_jsonl,
)

CAP = 3000
MAX_CHARS = 600
OUT_DIR = Path(__file__).resolve().parent

# (sense, pattern, veto): a text has the sense if the pattern matches and the veto (real wildlife-trade
# context) does not. Patterns are tried in order; the first hit names the sense.
_TRADE_VETO = (
    r"(?i)elephant|tusk|poach|smuggl|traffick|illegal|seiz|carv|rhino horn|pangolin|\bCITES\b|wildlife"
    r"|endangered|ivory (?:trade|ban)"
)
SENSES: dict[str, list[tuple[str, str, str | None]]] = {
    "en": [
        ("place", r"\bIvory Coast\b", None),
        ("idiom", r"(?i)\bivory[- ]towers?\b", None),
        (
            "colour",
            r"(?i)\bivory\b(?=[^.!?]{0,40}\b(?:dress|gown|lace|satin|silk|walls?|paint|colou?r|white|cream|beige"
            r"|sweater|shirt|blouse|fabric|linen|wedding|bridal|shade|tone|hue|keys|piano|soap|paper|cards?"
            r"|invitations?|tux|suit|skirt|heels|shoes|leather|tile)\b)"
            r"|\b(?:dress|gown|lace|satin|silk|walls?|paint|colou?r|white|cream|beige|shade|tone|hue|black"
            r"|gold|pink|navy|blush)\b[^.!?]{0,25}\bivory\b",
            _TRADE_VETO,
        ),
        ("brand", r"\bTiger Balm\b|\bPangolin Editions\b|\bRhino (?:3D|software|records)\b", None),
        (
            "car_brand",
            r"\bJaguar\b(?=[^.!?]{0,40}(?:\bcar|\bXJ|\bXF|\bE-Type|F-Type|F-Pace|Land Rover|dealership|sedan"
            r"|drive|drove|driving|convertible|coupe))|(?:\bdrives?|\bdrove|\bcar|Land Rover|a new)[^.!?]{0,30}"
            r"\bJaguar\b",
            None,
        ),
        ("sports_team", r"\b(?:Jacksonville )?Jaguars\b|\bDetroit Tigers\b", None),
        (
            "shoe_brand",
            r"\bPuma\b(?=[^.!?]{0,40}(?:shoes?|sneakers?|trainers?|kit|brand|Adidas|Nike))"
            r"|(?:Adidas|Nike|Reebok)[^.!?]{0,30}\bPuma\b",
            None,
        ),
        ("tv_show", r"(?i)\bshark tank\b", None),
        ("comedy", r"\bMonty Python(?:'s)?\b|\bthe Pythons\b", None),
        (
            "code",
            r"(?i)\bpython\s?[23](?:\.\d+)?\b|\bpython\b(?=[^.!?]{0,60}\b(?:code|coding|programming|script|language"
            r"|library|pip|django|pandas|developer|syntax|compiler|interpreter|programmer|environment)\b)"
            r"|\b(?:code|coding|programming|script|learn|learning|write|writing|javascript|java|developer)\b"
            r"[^.!?]{0,40}\bpython\b",
            None,
        ),
        (
            "cooking",
            r"(?i)\bpoached (?:\w+ ){0,2}(?:eggs?|salmon|pears?|chicken|lobster|fish|shrimp|oysters?|halibut|cod"
            r"|quail|tuna|marrow|bass|potato(?:es)?|pumpkin|figs?|peach(?:es)?)\b|\beggs? (?:\w+ )?poached\b"
            r"|\b\w+-poached\b|\bpoached, (?:braised|grilled|over)",
            None,
        ),
        (
            "hiring",
            r"(?i)\bpoach(?:ed|ing|es)?\b(?=[^.!?]{0,60}\b(?:staff|employees|talent|players?|coach|hires?|graduates"
            r"|executives?|editors?|from (?:rival|other)|workers|engineers|chefs?)\b)"
            r"|\b(?:was|were|got|been) poached\b(?! eggs?)",
            r"(?i)elephant|rhino|wildlife|animal|ranger|species|game reserve",
        ),
        (
            "print",
            r"(?i)\b(?:elephant|leopard|tiger|zebra|snake|snakeskin|cheetah|animal|croc)[- ]print\b",
            None,
        ),
        (
            "jewellery",
            r"(?i)\bwhite gold\b(?=[^.!?]{0,50}\b(?:ring|necklace|jewel\w*|carat|diamonds?|band|earrings?|bracelet)\b)"
            r"|\b(?:ring|necklace|band|earrings?|bracelet|diamond)\b[^.!?]{0,40}\bwhite gold\b",
            None,
        ),
        ("person", r"\bTiger Woods\b", None),
    ],
    "zh": [
        ("idiom", r"象牙(?:寶)?塔|長不出象牙|吐不出象牙", None),
        ("place", r"象牙海岸", None),
        ("colour", r"象牙[白色]", None),
    ],
    "vi": [
        ("colour", r"(?i)trắng ngà|màu ngà", None),
        ("plant", r"(?i)(?:cây|lá|rễ) mật gấu", None),
        ("idiom", r"(?i)ngà ngà say|ngà ngà", None),
    ],
    "th": [
        ("colour", r"สีงาช้าง", None),
    ],
}
COMPILED = {
    lang: [(s, re.compile(p), re.compile(v) if v else None) for s, p, v in rules]
    for lang, rules in SENSES.items()
}


def sense_of(text: str, lang: str) -> tuple[str, str] | None:
    for sense, pat, veto in COMPILED[lang]:
        m = pat.search(text)
        if m and not (veto and veto.search(text)):
            return sense, m.group(0)
    return None


def windows(par: str, lang: str) -> Iterator[tuple[str, tuple[str, str]]]:
    """Yield (1-3 sentence window, (sense, term)) for each sentence of `par` that has another sense."""
    sents = sentences(par, lang) if lang != "th" else [par]
    joiner = "" if lang == "zh" else " "
    i = 0
    while i < len(sents):
        hit = sense_of(sents[i], lang)
        if not hit:
            i += 1
            continue
        win = [sents[i]]
        j = i + 1
        while j < len(sents) and len(win) < 2 and len(joiner.join(win + [sents[j]])) <= MAX_CHARS:
            win.append(sents[j])
            j += 1
        if i > 0 and len(joiner.join([sents[i - 1]] + win)) <= MAX_CHARS:
            win.insert(0, sents[i - 1])
        text = joiner.join(win)
        if len(text) > MAX_CHARS:  # keep the part around the term
            k = text.find(hit[1])
            start = max(0, k - MAX_CHARS // 2)
            text = ("…" if start else "") + text[start : start + MAX_CHARS] + "…"
        yield text, hit
        i = j


# ---------------------------------------------------------------- readers: (id, path, text units, kind, lang)
Unit = tuple[str, str, list[str], str, str, dict[str, Any]]


def read_goemotions(m: str) -> Iterator[Unit]:
    for path in ("data/original/train.tsv", "data/original/dev.tsv", "data/original/test.tsv"):
        for line in git_show(m, path).decode("utf-8").splitlines():
            parts = line.split("\t")
            if len(parts) == 3:
                yield f"goemo-{parts[2]}", path, [parts[0]], "social", "en", {"origin": "reddit"}


def read_davidson(m: str) -> Iterator[Unit]:
    path = "data/labeled_data.csv"
    for row in csv.DictReader(io.StringIO(git_show(m, path).decode("utf-8", errors="replace"))):
        rid = row[""] if "" in row else row[next(iter(row))]
        tweet = re.sub(r"^(?:!+\s*)?RT\s+@\w+:?\s*", "", row["tweet"].strip())
        yield f"davidson-{int(rid):05d}", path, [tweet], "social", "en", {"origin": "twitter"}


def read_sms(m: str) -> Iterator[Unit]:
    path = "SMSSpamCollection"
    for i, line in enumerate(git_show(m, path).decode("utf-8", errors="replace").splitlines()):
        if "\t" in line:
            yield f"sms-{i:05d}", path, [line.split("\t", 1)[1]], "social", "en", {"origin": "sms"}


def read_uci(m: str) -> Iterator[Unit]:
    for site in ("amazon_cells", "imdb", "yelp"):
        path = f"sentiment labelled sentences/{site}_labelled.txt"
        for i, line in enumerate(git_show(m, path).decode("utf-8", errors="replace").splitlines()):
            yield (
                f"uci-{site.split('_')[0]}-{i:04d}",
                path,
                [line.split("\t")[0]],
                "review",
                "en",
                {"origin": site},
            )


def read_md(m: str, prefix: str, outlet: str, lang: str, tag: str) -> Iterator[Unit]:
    for path, data in git_blobs(m, prefix, ".md"):
        meta, body = front_matter(data.decode("utf-8", errors="replace"))
        doc = hashlib.sha1(path.encode()).hexdigest()[:10]
        yield (
            f"{tag}-{doc}",
            path,
            md_paragraphs(body),
            "news",
            lang,
            {"outlet": outlet, "title": meta.get("title", "")},
        )


def read_baomoi(m: str) -> Iterator[Unit]:
    for path, data in git_blobs(m, "vn_news/data", ".txt"):
        lines = data.decode("utf-8", errors="replace").splitlines()
        if lines:
            yield (
                f"vnbm-{Path(path).stem}",
                path,
                lines,
                "news",
                "vi",
                {"outlet": "baomoi.com", "title": lines[0]},
            )


def read_thaigov(m: str) -> Iterator[Unit]:
    for path, data in git_blobs(m, "data", ".txt"):
        lines = [ln for ln in data.decode("utf-8", errors="replace").splitlines() if not ln.startswith("ที่มา")]
        if lines:
            yield (
                f"thgov-{hashlib.sha1(path.encode()).hexdigest()[:10]}",
                path,
                lines,
                "news",
                "th",
                {"outlet": "thaigov.go.th", "title": lines[0]},
            )


READERS = {
    "goemotions": ("monologg/GoEmotions-pytorch", read_goemotions),
    "davidson": ("t-davidson/hate-speech-and-offensive-language", read_davidson),
    "sms": ("hamzaaacodes/sms-spam-collection", read_sms),
    "uci": ("kvrao/sentiment_analysis", read_uci),
    "gothamist": ("jeremiak/gothamist-scrape-data", lambda m: read_md(m, "", "gothamist.com", "en", "goth")),
    "felix": ("FelixOnline/v2", lambda m: read_md(m, "content/articles", "felixonline.co.uk", "en", "felix")),
    "hkcnews": (
        "hkarchivist/hkcnews-article-archive",
        lambda m: read_md(m, "articles", "hkcnews.com", "zh", "hkcn"),
    ),
    "baomoi": ("magizbox/scraper", read_baomoi),
    "thaigov": ("PyThaiNLP/thaigov-v2-corpus", read_thaigov),
}
WHOLE = {"social", "review"}  # short texts: keep the whole post; news: a 1-3 sentence window


def main() -> None:
    mirrors = dict(a.split("=", 1) for a in sys.argv[1:])
    out: dict[tuple[str, str], list[dict[str, Any]]] = {}
    seen: set[str] = set()
    for name, (repo, reader) in READERS.items():
        if name not in mirrors:
            print(f"skip {name}: no mirror given")
            continue
        commit = git_head(mirrors[name])
        senses: Counter[str] = Counter()
        for uid, path, units, kind, lang, meta in reader(mirrors[name]):
            k = 0
            for raw in units:
                par = clean_en(raw)
                if not par or not sense_of(par, lang):
                    continue
                found = [(par, sense_of(par, lang))] if kind in WHOLE else list(windows(par, lang))
                for text, hit in found:
                    if hit is None or not valid(text) or (len(text.split()) < 3 and lang not in ("zh", "th")):
                        continue
                    if norm_key(text) in seen:
                        continue
                    seen.add(norm_key(text))
                    k += 1
                    senses[hit[0]] += 1
                    rid = uid if kind in WHOLE else f"{uid}-{k:02d}"
                    out.setdefault((lang, kind), []).append(
                        {
                            "id": f"lk-{rid}",
                            "text": text,
                            "lang": lang,
                            "kind": kind,
                            "label": "benign",
                            "source": f"github:{repo}@{commit}:{path}",
                            "meta": {**{a: b for a, b in meta.items() if b}, "sense": hit[0], "term": hit[1]},
                        }
                    )
        print(f"{name}: {dict(senses)}")
    total = sum(len(v) for v in out.values())
    rng = random.Random(SEED)
    for (lang, kind), recs in sorted(out.items()):
        if total > CAP:  # cut every file in proportion
            recs = rng.sample(recs, max(1, len(recs) * CAP // total))
        write_jsonl(OUT_DIR / f"{lang}.{kind}.jsonl", recs)


if __name__ == "__main__":
    main()
