"""What the news_wildlife_<lang>_<outlet> extraction scripts share beyond extracting.py: reading a fetched
snapshot with git, cleaning and masking news text, cutting paragraphs into passages around a wildlife-trade
keyword, and building the records (training/data/FORMAT.md). Stdlib only; each script imports it from this
folder."""

import hashlib
import html
import random
import re
import subprocess

from extracting import HANDLE, PHONE, SEED, TAG_LONG, front_matter, mask, norm_key, squeeze, valid

MAX_CHARS = 800
_URL = re.compile(
    r"(?i)(?:https?://|www\.)\S*|\b[a-z0-9.-]+\.(?:com|net|org|gov|vn|id|co\.id|co\.th|th|my|br|com\.br|mx|es|fr|de|tw|hk|cn|io|co\.uk)/\S*"
)
_SENT_LATIN = re.compile(r"(?<=[.!?…])[\"”’»)\]]*\s+(?=[\"“‘«(\[¿¡]?[A-ZÀ-ÝĄĆĘŁŃÓŚŹŻÅÄÖ0-9])")
_SENT_ZH = re.compile(r"(?<=[。！？；!?])(?:[」』”’）)]*)")


def git_show(git_dir: str, commit: str, path: str) -> bytes:
    """Bytes of `path` at `commit` of the bare snapshot `git_dir`."""
    return subprocess.run(
        ["git", "--git-dir", git_dir, "show", f"{commit}:{path}"], check=True, capture_output=True
    ).stdout


def git_ls(git_dir: str, commit: str) -> list[str]:
    """Paths of the blobs at `commit`, sorted (absent LFS/large blobs are listed too; reading them fails)."""
    out = subprocess.run(
        [
            "git",
            "--git-dir",
            git_dir,
            "-c",
            "core.quotepath=off",
            "ls-tree",
            "-r",
            "-z",
            "--name-only",
            commit,
        ],
        check=True,
        capture_output=True,
    ).stdout
    return sorted(p.decode("utf-8") for p in out.split(b"\0") if p)


def git_blobs(git_dir: str, commit: str, paths: list[str]):
    """Yield (path, bytes) for `paths` at `commit` through one `git cat-file --batch` (absent blobs skipped)."""
    out = subprocess.run(
        ["git", "--git-dir", git_dir, "ls-tree", "-r", "-z", commit], check=True, capture_output=True
    ).stdout
    oids = {}
    for entry in out.split(b"\0"):
        if entry:
            info, p = entry.split(b"\t", 1)
            oids[p.decode("utf-8")] = info.split()[2].decode()
    proc = subprocess.Popen(
        ["git", "--git-dir", git_dir, "cat-file", "--batch"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    for path in paths:
        if path not in oids:
            continue
        proc.stdin.write(oids[path].encode() + b"\n")
        proc.stdin.flush()
        header = proc.stdout.readline().split()
        if len(header) < 3 or header[1] != b"blob":
            continue
        data = proc.stdout.read(int(header[2]))
        proc.stdout.read(1)
        yield path, data
    proc.stdin.close()
    proc.wait()


def clean(text: str) -> str:
    """Strip HTML, normalise, mask URLs/e-mails/phones/handles, collapse whitespace."""
    text = mask(html.unescape(html.unescape(text)), url=_URL, phone=PHONE, tag=TAG_LONG)
    return squeeze(HANDLE.sub("@user", text))


def sentences(par: str, lang: str) -> list[str]:
    parts = _SENT_ZH.split(par) if lang == "zh" else _SENT_LATIN.split(par)
    return [p.strip() for p in parts if p and p.strip()]


def cut(text: str) -> str:
    if len(text) <= MAX_CHARS:
        return text
    c = text[:MAX_CHARS]
    k = c.rfind(" ")
    return (c[:k] if k > MAX_CHARS // 2 else c).rstrip(" ,;:-") + "…"


def chunks(par: str, lang: str, match) -> list[tuple[str, str]]:
    """(chunk, keyword) windows of 1-3 sentences (a paragraph of <=4 sentences and <=800 chars is kept whole)."""
    sents = sentences(par, lang)
    joiner = "" if lang == "zh" else " "
    if len(sents) <= 4 and len(par) <= MAX_CHARS:
        kw = match(par)
        return [(par, kw)] if kw else []
    out, i = [], 0
    while i < len(sents):
        kw = match(sents[i])
        if not kw:
            i += 1
            continue
        win, j = [sents[i]], i + 1
        while j < len(sents) and len(win) < 3 and len(joiner.join(win + [sents[j]])) <= MAX_CHARS:
            win.append(sents[j])
            j += 1
        out.append((cut(joiner.join(win)), kw))
        i = j
    return out


def make_matcher(pairs, exclude=None, veto=None):
    """pairs: list of (TERM regex, CONTEXT regex or None). Returns f(text) -> keyword or None."""
    comp = [(re.compile(t), re.compile(c) if c else None) for t, c in pairs]
    exc = re.compile(exclude) if exclude else None
    vet = re.compile(veto) if veto else None

    def match(text: str):
        t = exc.sub(" ", text) if exc else text
        if vet and vet.search(t):
            return None
        for term, ctx in comp:
            m = term.search(t)
            if m and (ctx is None or ctx.search(t)):
                return m.group(0).lower()
        return None

    return match


def passage(prefix, doc_id, k, text, lang, repo, commit, path, meta, kw) -> dict:
    """The record (training/data/FORMAT.md) of the k-th passage kept from document `doc_id`, about keyword `kw`."""
    return {
        "id": f"{prefix}-{doc_id}-{k:02d}",
        "text": text,
        "lang": lang,
        "kind": "news",
        "label": "benign",
        "source": f"github:{repo}@{commit}:{path}",
        "meta": {**meta, "keyword": kw},
    }


def build(
    docs, lang, repo, commit, prefix, match, min_len=25, script=None, cap=None, per_doc=None, drop=None
):
    """docs: iterable of (doc_id, path, [paragraph,...], meta). Returns deduplicated records."""
    recs, seen = [], set()
    for doc_id, path, pars, meta in docs:
        k = 0
        doc_recs = []
        for raw in pars:
            par = clean(raw)
            if not par or (not match(par) and len(par) <= MAX_CHARS):
                continue
            for text, kw in chunks(par, lang, match):
                text = text.strip()
                if not valid(text) or len(text) < min_len:
                    continue
                if script is not None and not script(text):
                    continue
                if drop is not None and drop(text):
                    continue
                key = norm_key(text)
                if key in seen:
                    continue
                seen.add(key)
                k += 1
                doc_recs.append(passage(prefix, doc_id, k, text, lang, repo, commit, path, meta, kw))
        if per_doc is not None and len(doc_recs) > per_doc:
            doc_recs = random.Random(f"{SEED}-{doc_id}").sample(doc_recs, per_doc)
        recs.extend(doc_recs)
    if cap is not None and len(recs) > cap:
        recs = random.Random(SEED).sample(recs, cap)
    return recs


def md_paragraphs(body: str) -> list[str]:
    body = re.sub(r"(?is)<(script|style|iframe|noscript)\b.*?</\1>", " ", body)
    body = re.sub(
        r"(?i)</?(?:p|div|br|blockquote|li|ul|ol|h\d|table|tr|figure|figcaption|h\d)\b[^>]*>", "\n\n", body
    )
    body = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", body)
    body = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", body)
    body = body.replace("\r", "")
    out = []
    for par in re.split(r"\n\s*\n", body):
        par = " ".join(ln.strip().lstrip("#>").strip() for ln in par.splitlines())
        out.append(re.sub(r"(\*\*|__|\*)", "", par))
    return out


def md_docs(git_dir, commit, prefix_dir, outlet, suffixes=(".md", ".markdown"), wanted=None):
    """(doc id, path, paragraphs, meta) of the markdown posts under prefix_dir whose raw text matches `wanted`."""
    paths = [p for p in git_ls(git_dir, commit) if p.startswith(prefix_dir) and p.endswith(suffixes)]
    for path, data in git_blobs(git_dir, commit, paths):
        raw = data.decode("utf-8", errors="replace")
        if wanted is not None and not wanted.search(html.unescape(raw)):
            continue
        meta, body = front_matter(raw)
        info = {"outlet": outlet, "title": html.unescape(meta.get("title", "")), "date": meta.get("date", "")}
        doc_id = hashlib.sha1(path.encode()).hexdigest()[:10]
        yield doc_id, path, md_paragraphs(body), {k: v for k, v in info.items() if v}


def latin_script(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return (
        bool(letters)
        and sum(c.isascii() or "\u00c0" <= c <= "\u024f" for c in letters) / len(letters) >= 0.95
    )


# German wildlife-trade keywords, shared by the news_wildlife_de_* scripts (encyclopaedia and speeches)
# protected products: kept with a poaching / trafficking / protection word
_DE_PRODUCT = (
    r"(?i)elfenbein|stoßz[äa]hne?n?\b|nashorn-?horn|horn (?:der|des|von) nashörner?n?|nashornpulver|"
    r"schuppentier\w*|pangolin\w*|tigerknochen|tigerfell\w*|leopardenfell\w*|jaguarfell\w*|b[äa]rengalle|"
    r"schildpatt|haifischflossen?|haiflossen?|walross-?elfenbein|narwalz[äa]hne?n?|shahtoosh|tschiru"
)
_DE_WILDER = r"\bwilder(?:ei|er|ern|ers)\b|gewildert|\bwildern\b|wilderei\w+"
_DE_PRODUCT_CTX = (
    r"(?i)" + _DE_WILDER + r"|schmuggel|geschmuggelt|illegal|verboten|verbot|cites|washingtoner|artenschutz|"
    r"artenschützer|schwarzmarkt|beschlagnahm|sichergestellt|konfisziert|\bzoll|jagd auf|gejagt|getötet|töten|"
    r"erschossen|erschießen|abgesägt|absägen|bedroht|gefährdet|ausgerottet|aussterben|nachfrage|"
    r"traditionellen? (?:chinesischen? )?medizin|wildhüter|ranger|naturschutz|tierschutz"
)
# protected animals: kept only with a poaching / trafficking word
_DE_ANIMAL = (
    r"(?i)elefant\w*|nashörner\w*|nashorn\w*|rhinozeros\w*|\btiger[ns]?\b|leopard\w*|schneeleopard\w*|\blöwen?\b|"
    r"jaguar\w*|gepard\w*|schimpansen?|orang-?utans?|gorillas?|bonobos?|gibbons?|\baffen\b|papagei\w*|"
    r"kakadus?|\baras?\b|schildkr[öo]te\w*|\bhaie?n?\b|\bb[äa]ren\b|kragenb[äa]r\w*|malaienb[äa]r\w*|"
    r"krokodil\w*|warane?\b|walross\w*|narwal\w*|nilpferd\w*|flusspferd\w*|saiga\w*|vaquita|totoaba"
)
_DE_POACH = (
    r"(?i)"
    + _DE_WILDER
    + r"|schmuggel|geschmuggelt|illegale?[nmrs]? (?:handel|jagd|abschuss|fang|gehandelt)|"
    r"illegal (?:gehandelt|gejagt|getötet|gehalten|in gefangenschaft)|konfisziert|beschlagnahm|"
    r"cites|washingtoner|artenschutzabkommen|artenschutzübereinkommen|schwarzmarkt|handelsverbot|"
    r"wegen (?:ihre[rsn]?|seine[rsn]?) (?:elfenbeins|stoßzähne|horns|hörner|felle?s?|knochen|schuppen|panzers)|"
    r"traditionellen? (?:chinesischen? )?medizin|handel mit (?:wild|tier|lebend|exot|geschützt|bedroht)|tierhandel|"
    r"wildtierhandel|heimtierhandel|tierprodukte"
)
DE_MATCH = make_matcher(
    [(_DE_PRODUCT, _DE_PRODUCT_CTX), (_DE_ANIMAL, _DE_POACH)],
    exclude=(
        r"(?i)elfenbeinküste\w*|elfenbeinturm\w*|elfenbeint[üu]rme?n?|elfenbeinfarbe\w*|elfenbeinfarbig\w*|"
        r"elfenbeinweiß\w*|pflanzenelfenbein|kunstelfenbein|elfenbeinpalme\w*"
    ),
)
DE_WANTED = re.compile(_DE_PRODUCT.replace("(?i)", "") + "|" + _DE_POACH.replace("(?i)", ""), re.I)
