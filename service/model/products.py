"""Finding the protected wildlife products a post names: the gate of the product-and-offer model.

The lexicon (`training/products/<lang>.yaml`, compiled into the model) lists names, plain animal
names, code words and the fixed phrases where a name means something else ("ivory white", "Tiger
Balm"). One Aho-Corasick pass finds them all in the normalised post; a second pass over the post as
written finds the few terms that need their accents (Vietnamese "hổ" is "tiger", "họ" is "they").
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate

import ahocorasick

TIERS = ("names", "animals", "code", "not_product")
PRODUCT_TIERS = frozenset(("names", "animals", "code"))
_WORD = re.compile(r"[\w\u0e00-\u0e7f\u0300-\u036f]+")  # Thai vowels and tone marks are not \w
# scripts written without spaces: a term matches anywhere inside a run of them
_UNSPACED = re.compile("[\u0e00-\u0e7f\u2e80-\u9fff\u3040-\u30ff\uac00-\ud7af\uf900-\ufaff]")
# longer matches win; at equal length a not-product phrase beats a name, a name a code word
_PRIORITY = {"not_product": 0, "names": 1, "code": 2, "animals": 3}


@dataclass(frozen=True)
class Term:
    """One lexicon entry as compiled: `text` is tokenised (single spaces), wildcards are flags."""

    text: str
    category: str
    tier: str
    lang: str
    open_start: bool = False  # "*elfenbein": may be the end of a longer word
    open_end: bool = False  # "tusk*": may be the start of a longer word
    accented: bool = False  # matched against the post as written (lower case), not the normalised text

    @cached_property
    def unspaced(self) -> bool:
        """Written in a script without spaces between words (Thai, Chinese …): matches inside words."""
        return bool(_UNSPACED.search(self.text))

    @property
    def key(self) -> str:
        return f"{self.lang}:{'*' if self.open_start else ''}{self.text}{'*' if self.open_end else ''}"

    def as_dict(self) -> dict[str, str | bool]:
        return {
            "text": self.text,
            "category": self.category,
            "tier": self.tier,
            "lang": self.lang,
            "open_start": self.open_start,
            "open_end": self.open_end,
            "accented": self.accented,
        }


@dataclass(frozen=True)
class Match:
    """A term found in a post: `start`/`end` index `Tokens.text`, `tokens` the word positions it covers."""

    term: Term
    start: int
    end: int
    first_token: int
    last_token: int

    @property
    def is_product(self) -> bool:
        return self.term.tier in PRODUCT_TIERS


@dataclass(frozen=True)
class Tokens:
    """A text as the matcher sees it: its words joined by single spaces, with a space at either end,
    and where each word lies in the original string (so matches can be masked there)."""

    text: str
    starts: list[int]  # start of each word in `text`
    source: str

    @classmethod
    def of(cls, source: str) -> Tokens:
        words = _WORD.findall(source)
        starts = list(accumulate([len(word) + 1 for word in words[:-1]], initial=1)) if words else []
        return cls(" " + " ".join(words) + " ", starts, source)

    @cached_property
    def spans(self) -> list[tuple[int, int]]:
        """Each word's (start, end) in the source string: found only for posts that need them
        (most posts name no product, and the matcher reads `text` alone)."""
        return [m.span() for m in _WORD.finditer(self.source)]

    def words(self) -> list[str]:
        return self.text[1:-1].split(" ") if self.starts else []

    def token_at(self, position: int) -> int:
        return max(0, bisect.bisect_right(self.starts, position) - 1)


def folded(text: str) -> str:
    """Lower case without accents, words joined by single spaces ("Ngà  voi" -> "nga voi")."""
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("đ", "d"))
    return " ".join("".join(char for char in decomposed if not unicodedata.combining(char)).split())


def tokenised(term: str) -> str:
    return " ".join(_WORD.findall(term))


def compile_terms(
    raw: Iterable[tuple[str, str, str, str]], fold: object = None, accented: bool = False
) -> list[Term]:
    """(term as written, category, tier, lang) -> Terms; `fold` is the normaliser's `normalize`."""
    terms: dict[str, Term] = {}
    for written, category, tier, lang in raw:
        if tier not in TIERS:
            raise ValueError(f"unknown tier {tier!r} for {written!r}")
        open_start, open_end = written.startswith("*"), written.endswith("*")
        core = written.strip("*").strip()
        if accented:
            text = tokenised(unicodedata.normalize("NFC", core).lower())
        else:
            text = tokenised(fold(core) if callable(fold) else core.lower())
        if not text:
            continue
        forms = [text]
        if " " in text and not _UNSPACED.search(text) and tier != "not_product":
            # "rhino horn" also as "rhinohorn": hashtags and s p a c e d letters come out as one word
            forms.append(text.replace(" ", ""))
        for form in forms:
            term = Term(form, category, tier, lang, open_start, open_end, accented)
            terms.setdefault(f"{tier}:{term.key}:{category}", term)
    return list(terms.values())


class ProductMatcher:
    """All lexicon terms found in a text, overlaps resolved (longest first, not-product phrases first)."""

    def __init__(self, terms: Sequence[Term]) -> None:
        self.terms = list(terms)
        self._folded = self._automaton([t for t in self.terms if not t.accented])
        self._accented = self._automaton([t for t in self.terms if t.accented])
        # the accent-sensitive pass only runs on posts with one of the accented terms' letters
        letters = sorted({char for t in self.terms if t.accented for char in t.text if not char.isascii()})
        self._accent_letters = re.compile("[" + re.escape("".join(letters)) + "]") if letters else None

    @staticmethod
    def _automaton(terms: Sequence[Term]) -> ahocorasick.Automaton | None:
        if not terms:
            return None
        automaton = ahocorasick.Automaton()
        by_text: dict[str, list[Term]] = {}
        for term in terms:
            by_text.setdefault(term.text, []).append(term)
        for text, group in by_text.items():
            # each term with whether it must start and end at a word boundary (known once, not per hit)
            bounds = tuple(
                (term, not term.open_start and not term.unspaced, not term.open_end and not term.unspaced)
                for term in group
            )
            automaton.add_word(text, (len(text), bounds))
        automaton.make_automaton()
        return automaton

    def find(self, normalized: str) -> tuple[Tokens, list[Match]]:
        """The tokens of the normalised text and the terms found in it."""
        tokens = Tokens.of(normalized)
        return tokens, self._resolve(self._hits(self._folded, tokens))

    def find_accented(self, original: str) -> tuple[Tokens | None, list[Match]]:
        """The accent-sensitive terms in the post as written (lower case), if the lexicon has any."""
        lowered = unicodedata.normalize("NFC", original).lower()
        if self._accented is None or self._accent_letters is None or not self._accent_letters.search(lowered):
            return None, []
        written = Tokens.of(lowered)
        found = self._resolve(self._hits(self._accented, written))
        return (written, found) if found else (None, [])

    def _hits(self, automaton: ahocorasick.Automaton | None, tokens: Tokens) -> list[Match]:
        if automaton is None or len(tokens.text) <= 2:
            return []
        text, hits = tokens.text, []
        for end_index, (length, bounds) in automaton.iter(text):
            start, end = end_index - length + 1, end_index + 1
            apart_before, apart_after = text[start - 1] == " ", text[end] == " "
            tokens_at: tuple[int, int] | None = None
            for term, bounded_start, bounded_end in bounds:
                if (bounded_start and not apart_before) or (bounded_end and not apart_after):
                    continue
                if tokens_at is None:
                    tokens_at = tokens.token_at(start), tokens.token_at(end - 1)
                hits.append(Match(term, start, end, *tokens_at))
        return hits

    @staticmethod
    def _resolve(hits: list[Match]) -> list[Match]:
        hits.sort(key=lambda m: (-(m.end - m.start), _PRIORITY[m.term.tier], m.start))
        taken: list[tuple[int, int]] = []
        kept: list[Match] = []
        for match in hits:
            if any(match.start < end and start < match.end for start, end in taken):
                continue
            taken.append((match.start, match.end))
            kept.append(match)
        kept.sort(key=lambda m: m.start)
        return kept


def masked(source: str, tokens: Tokens, matches: Sequence[Match], placeholder: str) -> str:
    """`source` with the words of each product match replaced by `placeholder`; in scripts written
    without spaces only the match itself, since its "word" is a whole run of the sentence ("收购象牙手镯":
    the buying and the bangle stay, the ivory goes)."""
    spans = [_masked_span(tokens, m) for m in matches if m.is_product]
    if not spans:
        return source
    pieces, last = [], 0
    for start, end in sorted(spans):
        if start < last:
            continue
        pieces.append(source[last:start])
        pieces.append(placeholder)
        last = end
    pieces.append(source[last:])
    return "".join(pieces)


def _masked_span(tokens: Tokens, match: Match) -> tuple[int, int]:
    """Where `match` lies in the source string: its whole words, or its own characters when the
    term is written without spaces (a word's characters are copied verbatim into `tokens.text`)."""
    first, last = tokens.spans[match.first_token], tokens.spans[match.last_token]
    if not _UNSPACED.search(match.term.text):
        return first[0], last[1]
    start = first[0] + match.start - tokens.starts[match.first_token]
    end = last[0] + match.end - tokens.starts[match.last_token]
    return start, end
