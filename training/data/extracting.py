"""What the extract.py scripts of training/data/<source>/ share: reading a fetched snapshot with git, cleaning and
masking text, deduplicating, sampling with the fixed seed and writing the records (training/data/FORMAT.md).
Stdlib only; each script imports it from this folder, as the news scripts import news_extract.py.

The scripts were written in batches, each batch with its own masking patterns (which top-level domains a URL
may end in, which phone numbers its countries write, how long an HTML tag may be). Every data file must still
be rebuilt byte for byte from its snapshot, so the patterns are kept as each batch had them: one clean_*()
per batch, built from the same steps (fix_mojibake, mask, squeeze). Where copies of a helper differed in one
setting, the setting is a keyword argument (its default, if any, is the value most scripts had).
"""

import csv
import html
import io
import json
import random
import re
import subprocess
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

SEED = 20261206

# ------------------------------------------------------------------------------------------- masking patterns
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
TAG = re.compile(r"<[^>]{1,200}>")
TAG_LONG = re.compile(r"<[^>]{1,400}>")  # the sources with whole web pages in them
HANDLE = re.compile(r"(?<![\w@])@\w{2,}")
URL_PLAIN = re.compile(r"(?i)(?:https?://|www\.)\S+")  # scheme or www. only: museum, auction, Tatoeba texts

# English, Indonesian, Thai and Vietnamese sources (clean_sea, clean_en)
URL_SEA = re.compile(
    r"(?i)(?:https?://|www\.)\S*|\b[a-z0-9.-]+\.(?:com|net|org|vn|id|co\.id|co\.th|th|my|ly|me|io)/\S*"
)
URL_SEA_UK = re.compile(
    r"(?i)(?:https?://|www\.)\S*|\b[a-z0-9.-]+\.(?:com|net|org|vn|id|co\.id|co\.th|th|my|ly|me|io|co\.uk|hk)/\S*"
)
PHONE = re.compile(r"(?<![\w-])(?<!\d[.,/])(?:\+\d{1,3}[\s.-]?|0)\d{2,4}(?:[\s.-]?\d{3,4}){2}(?!\w|[.,/]\d)")
MOJI_SEA = re.compile(r"[ÃÂÄÅÆáº»¼½¾]")

# German, Spanish, French, Polish, Portuguese and Swedish sources (clean_europe, clean_ad)
URL_EUROPE = re.compile(
    r"(?i)(?:https?://|www\.)\S*|\b[a-z0-9.-]+\.(?:com|net|org|de|fr|es|pt|pl|se|br|ar|mx|co|io|ly|me)/\S*"
)
PHONE_EUROPE = re.compile(
    r"(?<![\w-])(?<!\d[.,/])(?:(?:\+\d{1,3}[\s.-]?|0)\d{2,4}(?:[\s.-]?\d{3,4}){2}"
    r"|0\d(?:[\s.]\d{2}){4})(?!\w|[.,/]\d)"
)
HANDLE_CHAINED = re.compile(r"(?:(?<![\w@])|(?<=@user))@\w{2,}")
MOJI_LATIN = re.compile(
    r"[ÃÂÄÅÆ][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u2013-\u203a\u20ac\u2122]"
)
# French and Polish classified ads: bare domains too, Polish mobile and masked numbers
URL_CLASSIFIED = re.compile(
    r"(?i)(?:https?://|www\.)\S*|\b[a-z0-9.-]+\.(?:com|net|org|de|fr|es|pt|pl|eu|io|ly|me)(?:/\S*)?(?![\w.])"
)
PHONE_CLASSIFIED = re.compile(
    r"(?<![\w-])(?<!\d[.,/])(?:(?:\+\d{1,3}[\s.-]?|0)\d{1,4}(?:[\s.-]?\d{2,4}){2,4}"
    r"|\d{3}[\s-]\d{3}[\s-]\d{3}|\d{2}\*{3,}\d{2}|0\d(?:[\s.]\d{2}){4})(?!\w|[.,/]\d)"
)

# Thai and Chinese shop listings (clean_shop): URLs end at CJK punctuation, Chinese mobile numbers
URL_SHOP = re.compile(
    r"(?i)(?:https?://|www\.)[^\s\u3000，。！？、；）)】]*|\b[a-z0-9.-]+\.(?:com|net|org|cn|th|co\.th|io|me|ly)/[^\s\u3000，。]*"
)
PHONE_SHOP = re.compile(
    r"(?<![\w-])(?<!\d[.,/])(?:(?:\+\d{1,3}[\s.-]?|0)\d{2,4}(?:[\s.-]?\d{3,4}){2})(?!\w|[.,/]\d)"
    r"|(?<!\d)1[3-9]\d{9}(?!\d)"
)

# Chinese social media and reviews (clean_chinese): handles in Chinese characters
URL_ZH = re.compile(
    r"(?i)(?:https?://|www\.)[\w./?=&%#:~+-]*|\b[a-z0-9.-]+\.(?:com|net|org|cn)(?:/[\w./?=&%#~+-]*)?"
)
PHONE_ZH = re.compile(r"(?<!\d)(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)")
HANDLE_ZH = re.compile(r"(?<![\w@])@[\w\u4e00-\u9fff-]{2,}")

# -------------------------------------------------------------------------------------- filters of one batch
# French/Polish classified ads: wildlife / protected-animal products and live animals are dropped.
WILDLIFE_ADS = re.compile(
    r"(?i)\b(ivoire|ivory|kość słoniow\w*|corne de rhino\w*|rhinocéros|róg nosoroż\w*|nosoroż\w*|"
    r"écaille de tortue|écaille|szylkret\w*|carapace|tortue\w*|żółw\w*|pangolin\w*|łuskowc\w*|"
    r"corail|koral\w*|défense d'éléphant|kieł słonia|peau de (serpent|crocodile|python)|"
    r"skóra (węża|krokodyla|pytona)|crocodile|krokodyl\w*|python|pyton\w*|perroquet\w*|papug\w*|"
    r"chiot\w*|chaton\w*|szczeni\w*|kocię\w*|kociak\w*|animaux vivants|zwierzęta|taxidermi\w*|"
    r"naturalis\w*|wypchan\w*|empaill\w*|trophée de chasse|trofeum myśliwsk\w*|"
    r"palissandre de rio|dalbergia|palisander brazylijsk\w*|brazilian|tortoise\w*|bois de rose)\b"
)

# Thai shop listings: protected wildlife products (rhino horn, tortoiseshell, shark fin, pangolin scales,
# hornbill, tiger fang/skin, bear bile, real ivory) are dropped; "สีงาช้าง" (ivory colour) is kept (meta.sense).
WILDLIFE_TH = re.compile(
    r"นอแรด|กระดองเต่า|หูฉลาม(?!เจ|เทียม)|เกล็ดลิ่น|ตัวนิ่ม|นกเงือก|เขี้ยวเสือ|หนังเสือ|ดีหมี|งาช้างแท้|"
    r"งาช้าง(?!สี)(?<!สีงาช้าง)(?<!ขาวงาช้าง)"
)
SENSE_TH = re.compile(r"สีงาช้าง|ขาวงาช้าง|งาช้าง")
# Chinese social media: anything about selling/buying animals is dropped (benign social text only).
ANIMAL_ZH = re.compile(
    r"猫|狗|犬|鸟|鹦鹉|八哥|龟|蛇|蜥蜴|猴|猩猩|象牙|大象|犀|穿山甲|老虎|虎骨|虎皮|熊|豹|狮|"
    r"宠物|鹿茸|麝香|玳瑁|鱼翅|燕窝|蛙|兔|仓鼠|貂|皮草"
)
SALE_ZH = re.compile(r"卖|售|转让|求购|收购|领养|送养|包邮|价格|价钱|[0-9]+\s*元")
WORDISH_ZH = re.compile(r"[\u4e00-\u9fffA-Za-z]")


# ------------------------------------------------------------------------------------------------------ git
def git(mirror: str, *args: str, stdin: bytes | None = None) -> bytes:
    """Output of `git --git-dir mirror <args>`."""
    return subprocess.run(
        ["git", "--git-dir", mirror, *args], check=True, capture_output=True, input=stdin
    ).stdout


def git_show(mirror: str, path: str, rev: str = "HEAD") -> bytes:
    """Return the bytes of `path` at `rev` of the bare mirror `mirror`."""
    return subprocess.run(
        ["git", "--git-dir", mirror, "show", f"{rev}:{path}"], check=True, capture_output=True
    ).stdout


def git_text(mirror: str, path: str, rev: str = "HEAD", encoding: str = "utf-8") -> str:
    """Return the text of `path` at `rev` of the bare mirror `mirror`."""
    return git_show(mirror, path, rev).decode(encoding)


def git_head(mirror: str) -> str:
    """The commit HEAD names in the mirror: what the records' `source` cites."""
    out = subprocess.run(
        ["git", "--git-dir", mirror, "rev-parse", "HEAD"], check=True, capture_output=True, text=True
    ).stdout
    return out.strip()


def resolve_commit(mirror: str, prefix: str) -> str:
    """The commit the brief names by `prefix` if the mirror has it, else HEAD."""
    try:
        return git(mirror, "rev-parse", "--verify", prefix + "^{commit}").decode().strip()
    except subprocess.CalledProcessError:
        return git(mirror, "rev-parse", "HEAD").decode().strip()


def git_tree(mirror: str, prefix: str) -> list[tuple[str, str]]:
    """(path, blob id) of the blobs under `prefix` at HEAD, sorted by path."""
    cmd = ["git", "--git-dir", mirror, "ls-tree", "-r", "-z", "HEAD"] + (["--", prefix] if prefix else [])
    out = subprocess.run(cmd, check=True, capture_output=True).stdout
    items = []
    for entry in out.split(b"\0"):
        if not entry:
            continue
        info, path = entry.split(b"\t", 1)
        _mode, typ, oid = info.split()
        if typ == b"blob":
            items.append((path.decode("utf-8"), oid.decode()))
    return sorted(items)


def git_blobs(mirror: str, prefix: str, suffix: str) -> Iterator[tuple[str, bytes]]:
    """Yield (path, content) of the blobs under `prefix` ending in `suffix`, read through one
    `git cat-file --batch` process (blobs absent from the snapshot are skipped)."""
    items = [(p, o) for p, o in git_tree(mirror, prefix) if p.endswith(suffix)]
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


# ------------------------------------------------------------------------------------------- cleaning text
def fix_mojibake(text: str, *, moji: re.Pattern[str]) -> str:
    """Undo UTF-8 read as cp1252/latin-1 when that is plainly what happened (`moji` finds the telltale pairs)."""
    if not moji.search(text):
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


def mask(
    text: str,
    *,
    url: re.Pattern[str],
    phone: re.Pattern[str] | None,
    tag: re.Pattern[str] = TAG,
    wide_space: bool = False,
) -> str:
    """Strip HTML tags, normalise (NFC, zero-width and replacement characters out, and the ideographic space
    made a space if `wide_space`), mask e-mails, URLs and phone numbers (none if `phone` is None)."""
    text = tag.sub(" ", text)
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\u200b", "").replace("\ufeff", "").replace("\ufffd", "")
    if wide_space:
        text = text.replace("\u3000", " ")
    text = EMAIL.sub("email@example.com", text)
    text = url.sub("http://url", text)
    if phone is not None:
        text = phone.sub("0123456789", text)
    return text


def mask_chained_handles(text: str) -> str:
    """Mask @handles, chained ones too (@user@name), until nothing changes."""
    prev = None
    while prev != text:
        prev, text = text, HANDLE_CHAINED.sub("@user", text).replace("@user@user", "@user @user")
    return text


def squeeze(text: str) -> str:
    """Collapse whitespace runs to one space, strip the ends."""
    return re.sub(r"\s+", " ", text).strip()


def clean_sea(text: str, *, url: re.Pattern[str] = URL_SEA, tag: re.Pattern[str] = TAG) -> str:
    """Clean a text of the Indonesian, Thai and Vietnamese sources: mojibake undone, HTML stripped, URLs/e-mails/
    phones/handles masked, whitespace collapsed."""
    text = html.unescape(fix_mojibake(text, moji=MOJI_SEA))
    text = mask(text, url=url, phone=PHONE, tag=tag)
    return squeeze(HANDLE.sub("@user", text))


def clean_en(text: str) -> str:
    """clean_sea() with .co.uk/.hk URLs and tags up to 400 characters: the English sources, and lookalike_senses
    and news_wildlife, which read English and Hong Kong news too."""
    return clean_sea(text, url=URL_SEA_UK, tag=TAG_LONG)


def clean_europe(text: str) -> str:
    """Clean a text of the German, Spanish, French, Polish, Portuguese and Swedish sources: mojibake undone, HTML
    unescaped twice (some sources escaped it twice), URLs/e-mails/phones/handles masked. Emoji, hashtags kept."""
    text = html.unescape(html.unescape(fix_mojibake(text, moji=MOJI_LATIN)))
    text = mask(text, url=URL_EUROPE, phone=PHONE_EUROPE)
    text = mask_chained_handles(text)
    return squeeze(text)


def clean_ad(text: str | None) -> str:
    """clean_europe() for the French and Polish classified ads (a missing field reads as ""): their URL and phone
    patterns."""
    text = html.unescape(html.unescape(fix_mojibake(text or "", moji=MOJI_LATIN)))
    text = mask(text, url=URL_CLASSIFIED, phone=PHONE_CLASSIFIED)
    text = mask_chained_handles(text)
    return squeeze(text)


def clean_shop(text: str) -> str:
    """Clean a Thai or Chinese shop listing: HTML stripped, URLs/e-mails/phones/handles masked, whitespace (the
    ideographic space too) collapsed."""
    text = mask(html.unescape(text), url=URL_SHOP, phone=PHONE_SHOP, wide_space=True)
    return squeeze(HANDLE.sub("@user", text))


def clean_chinese(text: str) -> str:
    """Clean a Chinese post or review: HTML stripped, URLs/e-mails/phones/handles masked, whitespace collapsed.
    Emoji and [表情] stay; a U+FFFD (a character cut at a byte limit) goes."""
    text = mask(html.unescape(text), url=URL_ZH, phone=PHONE_ZH)
    return squeeze(HANDLE_ZH.sub("@user", text))


# ----------------------------------------------------------------------------------------------- records
def norm_key(text: str) -> str:
    """Key for exact duplicates: lower case, whitespace collapsed."""
    return re.sub(r"\s+", " ", text.lower()).strip()


def near_key(text: str, *, retweet: bool = False) -> str:
    """Key for near-duplicates: masks, digits and punctuation removed (and a retweet's "rt" if `retweet`)."""
    t = text.lower()
    for ph in ("http://url", "email@example.com", "0123456789", "@user"):
        t = t.replace(ph, " ")
    if retweet:
        t = re.sub(r"\brt\b", " ", t)
    return re.sub(r"[\W\d_]+", "", t)


def valid(text: str, *, nonword: str = r"\W") -> bool:
    """3..2,000 chars, with at least 3 word characters besides the masking placeholders (`nonword`: what is not a
    word character)."""
    rest = text
    for ph in ("http://url", "email@example.com", "0123456789", "@user"):
        rest = rest.replace(ph, " ")
    return 3 <= len(text) <= 2000 and len(re.sub(nonword, "", rest)) >= 3


def valid_shop(text: str) -> bool:
    """valid() for the Thai and Chinese shop sources, whose scripts count "_" out of the word characters too."""
    return valid(text, nonword=r"[\W_]")


def valid_words(text: str, min_words: int = 1) -> bool:
    """valid(), and at least `min_words` words besides the masking placeholders."""
    rest = text
    for ph in ("http://url", "email@example.com", "0123456789", "@user"):
        rest = rest.replace(ph, " ")
    return 3 <= len(text) <= 2000 and len(re.sub(r"\W", "", rest)) >= 3 and len(rest.split()) >= min_words


def keep_ad(text: str, dropped: dict[str, int]) -> bool:
    """Whether a French or Polish classified ad is kept: it must name no protected-animal product or live animal
    (WILDLIFE_ADS) and be valid(); a dropped ad is counted in `dropped` under "wildlife" or "invalid"."""
    if WILDLIFE_ADS.search(text):
        dropped["wildlife"] += 1
        return False
    if not valid(text):
        dropped["invalid"] += 1
        return False
    return True


def keep_chinese_post(text: str, seen: set[str], stats: dict[str, int]) -> bool:
    """Whether a cleaned Chinese post is kept: not too short or without words ("short"), not about selling
    animals ("animal_sale"), not seen before ("dup"); a dropped post is counted in `stats`, a kept one is
    added to `seen`."""
    if len(text) < 3 or not WORDISH_ZH.search(text):
        stats["short"] += 1
        return False
    if ANIMAL_ZH.search(text) and SALE_ZH.search(text):
        stats["animal_sale"] += 1
        return False
    key = norm_key(text)
    if key in seen:
        stats["dup"] += 1
        return False
    seen.add(key)
    return True


def truncate(text: str, limit: int) -> str:
    """Cut to at most `limit` chars, preferring a sentence end, else a word boundary."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    for sep in (". ", "! ", "? ", "; "):
        i = cut.rfind(sep)
        if i > limit * 0.5:
            return cut[: i + 1].strip()
    i = cut.rfind(" ")
    return (cut[:i] if i > limit * 0.5 else cut).rstrip(" ,;:-") + "…"


def clip(text: str, limit: int) -> str:
    """Cut to at most `limit` chars, at a space in the last fifth if there is one (no ellipsis)."""
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit * 0.8 else cut).rstrip(" ,;:-")


def join_ad(title: str, desc: str, price: str) -> str:
    """'{title}. {description} {price}', without doubling punctuation or a description that repeats the title."""
    title = title.strip()
    desc = desc.strip()
    if desc and norm_key(desc).startswith(norm_key(title)):
        desc = desc[len(title) :].lstrip(" .,-:;!")
    head = title if (not desc or title[-1:] in ".!?…") else title + "."
    text = f"{head} {desc}".strip() if desc else head
    if price:
        text = text if text[-1:] in ".!?…" else text + "."
        text = f"{text} {price}"
    return text


def fmt_amount(value: float) -> str:
    """12000 -> '12 000', 12.5 -> '12,50' (French/Polish style)."""
    if abs(value - round(value)) < 1e-9:
        return f"{round(value):,}".replace(",", " ")
    return f"{value:,.2f}".replace(",", " ").replace(".", ",")


def dedup(records: list[dict[str, Any]], seen: set[str] | None = None) -> list[dict[str, Any]]:
    """Drop the records whose normalised text is in `seen` or came earlier; `seen` grows (pass one set to
    deduplicate across several lists)."""
    seen = set() if seen is None else seen
    out = []
    for r in records:
        k = norm_key(r["text"])
        if k in seen:
            continue
        seen.add(k)
        out.append(r)
    return out


def dedup_near(records: list[dict[str, Any]], *, retweet: bool = False) -> list[dict[str, Any]]:
    """Drop exact (normalised) and near duplicates (near_key), keeping the first seen. The German, Spanish, French
    (tweets), Polish (tweets), Portuguese and Swedish scripts pass `retweet`: their near key leaves out "rt"."""
    seen: set[str] = set()
    out = []
    for r in records:
        keys = {norm_key(r["text"]), "~" + near_key(r["text"], retweet=retweet)}
        if keys & seen:
            continue
        seen |= keys
        out.append(r)
    return out


def cap(records: list[dict[str, Any]], n: int) -> list[dict[str, Any]]:
    """At most `n` records, sampled with the fixed seed so that the file can be rebuilt."""
    if len(records) <= n:
        return records
    return random.Random(SEED).sample(records, n)


def read_csv(data: bytes, delimiter: str = ",", encoding: str = "utf-8-sig") -> list[dict[str, str]]:
    """The rows of a CSV file's bytes, as dicts by header."""
    return list(csv.DictReader(io.StringIO(data.decode(encoding)), delimiter=delimiter))


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> None:
    """Write the records sorted by id, one JSON object a line (training/data/FORMAT.md)."""
    records = sorted(records, key=lambda r: r["id"])
    with path.open("w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} records to {path}")


def write_listings(path: Path, records: list[dict[str, Any]], wildlife: list[str], n: int) -> None:
    """Write the shop listings of a Thai or Chinese source: exact and near duplicates dropped, at most `n`
    sampled; the titles dropped as wildlife are printed for review."""
    records = dedup_near(records)
    print(f"{len(records)} after dedup; dropped as wildlife: {len(wildlife)}")
    for t in wildlife:
        print("  wildlife-drop:", t)
    write_jsonl(path, cap(records, n))


# ------------------------------------------------------------------------------- markdown posts, sentences
_MD_IMG = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_MD_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_BLOCK = re.compile(r"(?i)</?(?:p|div|br|blockquote|li|ul|ol|h\d|table|tr|figure|figcaption)\b[^>]*>")
_DROP = re.compile(r"(?is)<(script|style|iframe|noscript)\b.*?</\1>")
_SENT_LATIN = re.compile(r"(?<=[.!?…])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-ZÀ-ỸĐ0-9])")
_SENT_ZH = re.compile(r"(?<=[。！？!?])(?:[」』”’）)]*)")


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
    """The paragraphs of a markdown/HTML post: scripts, images, link targets, shortcodes, tables and emphasis out."""
    body = _DROP.sub(" ", body)
    body = _BLOCK.sub("\n\n", body)
    body = _MD_IMG.sub(" ", body)
    body = _MD_LINK.sub(r"\1", body)
    body = re.sub(r"\{\{<[^>]*>\}\}", " ", body)  # hugo shortcodes
    out = []
    for par in re.split(r"\n\s*\n", body):
        lines = [ln for ln in par.splitlines() if not ln.lstrip().startswith("|")]  # markdown tables
        text = " ".join(ln.strip().lstrip("#>").strip() for ln in lines)
        out.append(re.sub(r"(\*\*|__|\*)", "", text))
    return out


def sentences(par: str, lang: str) -> list[str]:
    """The sentences of a paragraph (Thai: runs of clauses of about 150 characters)."""
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
