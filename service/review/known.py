"""The terms the service already knows: the intelligence list and the product lexicon as the model
compiled it (read from the model directory the service loads; `training/` is never imported)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from service.model.artifact import load_model
from service.model.products import PRODUCT_TIERS, Term, folded
from service.review.terms import is_unspaced
from service.scoring.intel import IntelList, load_intel

INTEL = "intel_list"
LEXICON = "product_lexicon"


@dataclass
class KnownTerms:
    """Known terms as normalised text, each with where it is known from and its languages."""

    exact: dict[str, str] = field(default_factory=dict)
    prefixes: dict[str, str] = field(default_factory=dict)  # lexicon "tusk*": "tusks" is known too
    suffixes: dict[str, str] = field(default_factory=dict)  # lexicon "*elfenbein"
    languages: dict[str, set[str]] = field(default_factory=dict)
    unspaced_parts: dict[str, str] = field(default_factory=dict)  # every string inside a known one

    def add(
        self, term: str, source: str, lang: str, open_start: bool = False, open_end: bool = False
    ) -> None:
        text = " ".join(term.split())
        table = self.prefixes if open_end else self.suffixes if open_start else self.exact
        table.setdefault(text, source)
        self.languages.setdefault(text, set()).add(lang)
        if is_unspaced(text):
            for part in _substrings(text):
                self.unspaced_parts.setdefault(part, source)

    def source_of(self, candidate: str) -> str | None:
        """Where `candidate` is known from, if it is: the term itself, a form of an open-ended lexicon
        term, words that are each known ("pangolin scales"), or for unspaced scripts any string
        inside or around a known one (their n-gram boundaries are arbitrary: "售白货" is "白货"
        with the character before it)."""
        if is_unspaced(candidate):
            if candidate in self.unspaced_parts:
                return self.unspaced_parts[candidate]
            return next((self.exact[p] for p in _substrings(candidate) if p in self.exact), None)
        found = self._word_source(candidate)
        if found is None and " " in candidate:
            sources = [self._word_source(word) for word in candidate.split()]
            found = sources[0] if all(sources) else None
        return found

    def _word_source(self, candidate: str) -> str | None:
        if candidate in self.exact:
            return self.exact[candidate]
        for end in range(1, len(candidate) + 1):  # "tusk*" knows "tusks"; a stem of one word, one word
            stem = candidate[:end]
            if stem in self.prefixes and (" " in stem or " " not in candidate):
                return self.prefixes[stem]
        if " " not in candidate:
            for start in range(len(candidate)):
                if candidate[start:] in self.suffixes:
                    return self.suffixes[candidate[start:]]
        return None

    def overlapping(self, candidate: str, lang: str, limit: int = 5) -> list[str]:
        """Known word terms of the candidate's language that are part of it or contain it
        ("snowbrick ivory" holds "ivory"): the candidate stays, marked, for the analyst to judge."""
        if is_unspaced(candidate):
            return []
        padded = f" {candidate} "
        found = {
            term
            for term in (*self.exact, *self.prefixes, *self.suffixes)
            if lang in self.languages[term]
            and not is_unspaced(term)
            and (f" {term} " in padded or padded in f" {term} ")
        }
        return sorted(found)[:limit]


def _substrings(text: str) -> list[str]:
    return [text[a:b] for a in range(len(text)) for b in range(a + 2, len(text) + 1)]


def intel_terms(intel: IntelList) -> list[tuple[str, str]]:
    """(normalised term, language) of every entry of the list."""
    words = [(" ".join(key), match.lang) for key, match in intel.word_terms.items()]
    return words + [(key, match.lang) for key, match in intel.substring_terms.items()]


def known_terms(intel: IntelList | None, lexicon: Iterable[Term]) -> KnownTerms:
    known = KnownTerms()
    for term, lang in intel_terms(intel) if intel is not None else []:
        known.add(term, INTEL, lang)
    for entry in lexicon:
        # accent-sensitive entries are stored as written; candidates are normalised (accents folded)
        text = folded(entry.text) if entry.accented else entry.text
        known.add(text, LEXICON, entry.lang, entry.open_start, entry.open_end)
    return known


def load_known(intel_path: Path | None, model_dir: Path) -> tuple[KnownTerms, str | None, str]:
    """The known terms, the intelligence list's version (None without a list) and the model's version."""
    intel = load_intel(intel_path) if intel_path is not None else None
    model = load_model(model_dir)
    lexicon = [term for term in model.pipeline.terms if term.tier in PRODUCT_TIERS]
    return known_terms(intel, lexicon), intel.version if intel else None, model.version
