"""The intelligence list: code words and phrases per language, shared the way coalition members do.

A match can raise `allow` to `hold` (a human looks), never to `remove` on its own. The file is
re-read when it changes, without a restart; a broken edit keeps the previous list in force.
"""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import yaml

from service.errors import IntelListError
from service.textnorm.normalizer import normalize

log = logging.getLogger(__name__)

_WORD = re.compile(r"\w+")
_MAX_WORDS_PER_TERM = 6


@dataclass(frozen=True)
class IntelMatch:
    term: str
    lang: str
    category: str


@dataclass(frozen=True)
class IntelList:
    """A loaded list: word-sequence terms matched on word boundaries, others as substrings."""

    version: str
    word_terms: dict[tuple[str, ...], IntelMatch]
    substring_terms: dict[str, IntelMatch]

    @property
    def size(self) -> int:
        return len(self.word_terms) + len(self.substring_terms)

    @cached_property
    def _lengths_by_first_word(self) -> dict[str, tuple[int, ...]]:
        """The word counts of the terms that start with each word: a post's other words cost one look-up."""
        lengths: dict[str, set[int]] = {}
        for words in self.word_terms:
            lengths.setdefault(words[0], set()).add(len(words))
        return {word: tuple(sorted(counts)) for word, counts in lengths.items()}

    def match(self, normalized_text: str) -> list[IntelMatch]:
        """The terms found in an already-normalised text, longest first."""
        words = _WORD.findall(normalized_text)
        hits: list[tuple[int, int, IntelMatch]] = []
        starts = self._lengths_by_first_word
        if not starts.keys().isdisjoint(words):  # most posts hold no term's first word: one set test
            for start, word in enumerate(words):
                for n in starts.get(word, ()):
                    hit = self.word_terms.get(tuple(words[start : start + n]))
                    if hit is not None:
                        hits.append((n, start, hit))
        found: dict[str, IntelMatch] = {}
        for _, _, hit in sorted(hits, key=lambda h: (h[0], h[1])):
            found.setdefault(hit.term, hit)
        for needle, hit in self.substring_terms.items():
            if needle in normalized_text:
                found[hit.term] = hit
        return sorted(found.values(), key=lambda match: -len(match.term))


def _spaced_script(term: str) -> bool:
    """Scripts written with spaces between words match on word boundaries."""
    return all(not ("\u0e00" <= char <= "\u0e7f" or "\u2e80" <= char <= "\u9fff") for char in term)


def parse_intel(document: object, source: str) -> IntelList:
    if not isinstance(document, dict) or not isinstance(document.get("terms"), dict):
        raise IntelListError(f"{source}: expected a mapping with 'version' and 'terms: {{lang: [...]}}'")
    word_terms: dict[tuple[str, ...], IntelMatch] = {}
    substring_terms: dict[str, IntelMatch] = {}
    for lang, entries in document["terms"].items():
        if not isinstance(entries, list):
            raise IntelListError(f"{source}: terms.{lang} must be a list")
        for index, raw_entry in enumerate(entries):
            entry = {"term": raw_entry} if isinstance(raw_entry, str) else raw_entry
            if (
                not isinstance(entry, dict)
                or not isinstance(entry.get("term"), str)
                or not entry["term"].strip()
            ):
                raise IntelListError(f"{source}: terms.{lang}[{index}] needs a non-empty 'term'")
            match = IntelMatch(term=entry["term"], lang=str(lang), category=str(entry.get("category", "any")))
            folded = normalize(entry["term"])
            words = tuple(_WORD.findall(folded))
            if _spaced_script(folded) and 0 < len(words) <= _MAX_WORDS_PER_TERM:
                word_terms[words] = match
            else:
                substring_terms[folded] = match
    return IntelList(
        version=str(document.get("version", "unversioned")),
        word_terms=word_terms,
        substring_terms=substring_terms,
    )


def load_intel(path: Path) -> IntelList:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise IntelListError(f"{path}: cannot read the intelligence list: {exc}") from None
    return parse_intel(document, str(path))


class IntelWatcher:
    """Holds the current list and re-reads the file when its mtime changes (checked at most every N s)."""

    def __init__(
        self,
        path: Path,
        check_every_seconds: float = 5.0,
        on_reload: Callable[[IntelList | None, Exception | None], None] | None = None,
    ) -> None:
        self._path = path
        self._check_every = check_every_seconds
        self._on_reload = on_reload
        self._lock = threading.Lock()
        self._mtime_ns = os.stat(path).st_mtime_ns
        self._current = load_intel(path)
        self._checked_at = time.monotonic()

    def current(self) -> IntelList:
        now = time.monotonic()
        if now - self._checked_at >= self._check_every:
            with self._lock:
                if now - self._checked_at >= self._check_every:
                    self._checked_at = now
                    self._reload_if_changed()
        return self._current

    def _reload_if_changed(self) -> None:
        try:
            mtime_ns = os.stat(self._path).st_mtime_ns
        except OSError as exc:
            log.error(
                "intelligence list %s unreadable, keeping version %s: %s",
                self._path,
                self._current.version,
                exc,
            )
            return
        if mtime_ns == self._mtime_ns:
            return
        self._mtime_ns = mtime_ns
        try:
            fresh = load_intel(self._path)
        except IntelListError as exc:
            log.error("intelligence list not reloaded, keeping version %s: %s", self._current.version, exc)
            if self._on_reload:
                self._on_reload(None, exc)
            return
        log.info("intelligence list reloaded: version %s, %d terms", fresh.version, fresh.size)
        self._current = fresh
        if self._on_reload:
            self._on_reload(fresh, None)
