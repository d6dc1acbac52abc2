"""The terms a post is mined for, as the intelligence list would match them: its text normalised
(the service's own normaliser, so "1v0ry" and "ivory" count together), then word unigrams and
bigrams where the script puts spaces between words, character n-grams where it does not (Chinese,
Japanese, Thai), never across two text fields. And short snippets of a post around a term."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from service.textnorm.normalizer import normalize

# The scripts written without spaces, as the intelligence list tells them apart (service/scoring/intel.py).
_UNSPACED = "\u0e00-\u0e7f\u2e80-\u9fff"
_UNSPACED_CHAR = re.compile(f"[{_UNSPACED}]")
_RUN = "\u0e00-\u0e7f\u2e80-\u2fff\u3040-\u9fff"  # the same without CJK punctuation (U+3000-303F)
_PIECE = re.compile(f"(?P<run>[{_RUN}]+)|(?P<word>[^\\W{_UNSPACED}]+)")
# character n-gram sizes, in characters with their combining marks: Chinese code words are 2-4
# characters ("白货", "象牙白料"); Thai ones are longer strings of letters ("ของขาว" is 6)
_CJK_SIZES = range(2, 5)
_THAI_SIZES = range(3, 9)
_THAI = re.compile("[\u0e00-\u0e7f]")


def is_unspaced(term: str) -> bool:
    return _UNSPACED_CHAR.search(term) is not None


def _wanted_word(word: str) -> bool:
    return len(word) > 1 and not word.isdigit()


def _clusters(run: str) -> list[str]:
    """Characters with the combining marks that follow them (a Thai vowel or tone mark is not a letter)."""
    clusters: list[str] = []
    for char in run:
        if clusters and unicodedata.category(char).startswith("M"):
            clusters[-1] += char
        else:
            clusters.append(char)
    return clusters


def _char_ngrams(run: str) -> Iterable[str]:
    clusters = _clusters(run)
    sizes = _THAI_SIZES if _THAI.search(run) else _CJK_SIZES
    for size in sizes:
        for start in range(len(clusters) - size + 1):
            yield "".join(clusters[start : start + size])


def _field_terms(normalized: str) -> set[str]:
    terms: set[str] = set()
    previous: str | None = None  # the word before, for bigrams; a run of unspaced script ends it
    for piece in _PIECE.finditer(normalized):
        run, word = piece.group("run"), piece.group("word")
        if run is not None:
            terms.update(_char_ngrams(run))
            previous = None
            continue
        if _wanted_word(word):
            terms.add(word)
            if previous is not None:
                terms.add(f"{previous} {word}")
        previous = word if _wanted_word(word) else None
    return terms


def post_terms(fields: Iterable[str]) -> frozenset[str]:
    """Every term of a post's text fields (each counted once per post)."""
    terms: set[str] = set()
    for text in fields:
        terms |= _field_terms(normalize(text))
    return frozenset(terms)


def overlaps(a: str, b: str) -> bool:
    """One term inside the other: as words for spaced scripts, as characters for unspaced ones."""
    if is_unspaced(a) or is_unspaced(b):
        return a in b or b in a
    return f" {a} " in f" {b} " or f" {b} " in f" {a} "


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` lower case without Latin accents, and where each of its characters came from."""
    out: list[str] = []
    origin: list[int] = []
    for index, char in enumerate(text):
        decomposed = unicodedata.normalize("NFKD", char.lower().replace("đ", "d"))
        base = decomposed[:1]
        kept = decomposed if base and ord(base) >= 0x0250 else base  # Thai marks stay, accents go
        out.extend(kept)
        origin.extend([index] * len(kept))
    return "".join(out), origin


def _find(term: str, text: str) -> tuple[int, int] | None:
    if is_unspaced(term):
        at = text.find(term)
        return (at, at + len(term)) if at >= 0 else None
    pattern = r"(?<!\w)" + r"[\W_]+".join(re.escape(word) for word in term.split()) + r"(?!\w)"
    match = re.search(pattern, text)
    return match.span() if match else None


def _window(text: str, start: int, end: int, width: int) -> str:
    if end - start >= width:
        return text[start : start + width - 1] + "…"
    room = width - (end - start)
    left = max(0, start - room // 2)
    right = min(len(text), left + width)
    left = max(0, right - width)
    piece = text[left:right]
    if left > 0:
        piece = "…" + piece[1:]
    if right < len(text):
        piece = piece[:-1] + "…"
    return piece


def snippet(term: str, fields: Sequence[str], width: int = 60) -> str | None:
    """At most `width` characters of the post around the term: as written where the term is there
    but for case and accents, else from the normalised text (the spelling game undone)."""
    for field in fields:
        flat = " ".join(field.split())
        folded, origin = _folded(flat)
        found = _find(term, folded)
        if found is not None:
            return _window(flat, origin[found[0]], origin[found[1] - 1] + 1, width)
        normalized = normalize(flat)
        found = _find(term, normalized)
        if found is not None:
            return _window(normalized, found[0], found[1], width)
    return None
