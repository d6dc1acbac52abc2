"""The normalisation pipeline: one function per stage, in order, each `(vocabulary, text) -> text`.

Lone surrogates never raise: a high/low pair is re-joined into its character and an unpaired one
is dropped, because it cannot be encoded as UTF-8 (hashing, Kafka and JSON would all fail on it).
"""

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from service import normalize_tables as t
from service import normalize_tokens as tok


def _join_surrogates(match: re.Match[str]) -> str:
    return match.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def _emoji_words(match: re.Match[str]) -> str:
    words: list[str] = []
    for cluster in t.EMOJI_CLUSTER_RE.findall(match.group()):
        key = t.EMOJI_MODIFIERS_RE.sub("", cluster)
        name = t.EMOJI_NAMES.get(key)
        if name is None:  # unknown ZWJ combination or non-flag letter pair: name the parts
            parts = (t.EMOJI_NAMES.get(c) or _regional_letter(c) for c in key)
            name = " ".join(p for p in parts if p)
        if name and (not words or words[-1] != name):
            words.append(name)
    return f" {' '.join(words)} "


def _regional_letter(char: str) -> str:
    offset = ord(char) - t.REGIONAL_A
    return chr(ord("a") + offset) if 0 <= offset < 26 else ""


def _fold_word(match: re.Match[str]) -> str:
    return t.LATIN_MARKS_RE.sub("", match.group().translate(t.HOMOGLYPHS))


def _fold_mixed_word(match: re.Match[str]) -> str:
    return _fold_word(match) if t.HAS_LATIN_RE.search(match.group()) else match.group()


def _homoglyph_folder(text: str) -> Callable[[re.Match[str]], str]:
    """Lookalike-only words ("ара", "νοι") are folded only in a Latin text with no Cyrillic/Greek
    letter that lacks a Latin twin; otherwise a word needs a Latin letter of its own ("іvоrу"),
    so real Russian or Greek words stay intact."""
    latin_text = t.HAS_LATIN_RE.search(text) and not t.FOREIGN_LETTER_RE.search(text)
    return _fold_word if latin_text else _fold_mixed_word


def visible(text: str) -> str:
    """`text` with invisible characters spelled out, for explanations: "iv<U+200B>ory"."""
    return t.INVISIBLE_RE.sub(lambda m: "".join(f"<U+{ord(c):04X}>" for c in m.group()), text)


def _unleet_match(vocabulary: frozenset[str], match: re.Match[str]) -> str:
    if "@" in match.group()[1:] and match.string.startswith(".", match.end()):
        return match.group()  # an e-mail address: sh0p@gmail.com
    return tok.unleet(match.group(), vocabulary)


def _unmask_match(vocabulary: frozenset[str], match: re.Match[str]) -> str:
    token = tok.squeeze_repeats(match.group())  # MASK_RE: letters at both ends
    index, first, last = _by_shape(vocabulary), token[0], token[-1]
    candidates = index.get((len(token), first, last), ())
    candidates += index.get((len(tok.collapse_masks(token)), first, last), ())
    return tok.unmask(token, candidates)


@functools.lru_cache(maxsize=8)
def _by_shape(vocabulary: frozenset[str]) -> dict[tuple[int, str, str], tuple[str, ...]]:
    """Words by (length, first letter, last letter): the only ones `unmask` could pick for a
    masked token, whose first and last letters are never masked."""
    grouped: dict[tuple[int, str, str], list[str]] = {}
    for word in sorted(vocabulary):
        grouped.setdefault((len(word), word[0], word[-1]), []).append(word)
    return {shape: tuple(words) for shape, words in grouped.items()}


# Stages, in order. Each takes the whole text; `reveal` also applies it to single spans.
def _surrogates(vocabulary: frozenset[str], text: str) -> str:
    if t.SURROGATE_RE.search(text) is None:
        return text
    return t.SURROGATE_RE.sub("", t.SURROGATE_PAIR_RE.sub(_join_surrogates, text))


def _emoji(vocabulary: frozenset[str], text: str) -> str:
    if t.EMOJI_BMP_RE.search(text) is None and t.ASTRAL_RE.search(text) is None:
        return text
    return t.EMOJI_RUN_RE.sub(_emoji_words, text)


def _invisible(vocabulary: frozenset[str], text: str) -> str:
    if t.INVISIBLE_BMP_RE.search(text) is None and t.ASTRAL_RE.search(text) is None:
        return text
    return t.INVISIBLE_RE.sub("", text)


def _nfkc(vocabulary: frozenset[str], text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if t.ASTRAL_RE.search(text):
        text = text.translate(t.STYLED_FOLD)
    # Marks on ASCII go now, not only in the Latin fold: spaced-letter matching must already
    # see ":̀0 a b" as ":0 a b", as a second pass would.
    return t.LATIN_MARKS_RE.sub("", text) if t.MARKED_ASCII_RE.search(text) else text


def _latin_fold(vocabulary: frozenset[str], text: str) -> str:
    if t.LATIN_FOLD_RE.search(text) is None and t.MARKED_ASCII_RE.search(text) is None:
        return text
    return t.LATIN_MARKS_RE.sub("", text.translate(t.LATIN_FOLD))


def _homoglyphs(vocabulary: frozenset[str], text: str) -> str:
    if t.CONFUSABLE_RE.search(text) is None:
        return text
    return t.HOMOGLYPH_WORD_RE.sub(_homoglyph_folder(text), text)


def _homoglyphs_in(vocabulary: frozenset[str], text: str, span: str) -> str:
    return t.HOMOGLYPH_WORD_RE.sub(_homoglyph_folder(text), span)


def _casefold(vocabulary: frozenset[str], text: str) -> str:
    folded = text.casefold()
    # Casefolding can leave text that NFKC would recompose ("ῌ̄" -> "ηῑ", NFKC "ηῑ").
    return folded if folded.isascii() else unicodedata.normalize("NFKC", folded)


def _spaced(vocabulary: frozenset[str], text: str) -> str:
    if tok.SPACED_HINT_RE.search(text) is None:
        return text
    return tok.SPACED_RE.sub(tok.join_letters, text)


def _leet(vocabulary: frozenset[str], text: str) -> str:
    if tok.LEET_HINT_RE.search(text) is None:
        return text
    return tok.LEET_TOKEN_RE.sub(functools.partial(_unleet_match, vocabulary), text)


def _mask(vocabulary: frozenset[str], text: str) -> str:
    if "*" not in text and "#" not in text and "_" not in text:
        return text
    return tok.MASK_RE.sub(functools.partial(_unmask_match, vocabulary), text)


def _whitespace(vocabulary: frozenset[str], text: str) -> str:
    return " ".join(text.split())


def _squeeze(vocabulary: frozenset[str], text: str) -> str:
    return tok.squeeze_repeats(text)


class Stage(NamedTuple):
    apply: Callable[[frozenset[str], str], str]
    unicode_only: bool  # a no-op on ASCII text, skipped on the fast path
    spans: re.Pattern[str] | None = None  # where `reveal` looks for this tactic
    tactic: str | None = None
    # How `reveal` applies the stage to one span when the whole text matters: (text, span).
    apply_in: Callable[[frozenset[str], str, str], str] | None = None


# Order matters. Emoji go before invisibles (ZWJ/VS16 belong to them) and before NFKC (which
# turns ℹ into i); homoglyphs before casefold (Η→H but η→n); spaced letters before the Latin
# fold and casefold, which turn one letter into two (ß→ss), and after whitespace is collapsed
# ("a\rb c" must look like "a b c" the first time too); squeezing repeats last. Each stage leaves
# nothing for an earlier one to do, which is what makes normalize idempotent.
STAGES = (
    Stage(_surrogates, True),
    Stage(_emoji, True, t.EMOJI_RUN_RE, "emoji_words"),
    Stage(_invisible, False, t.ZERO_WIDTH_WORD_RE, "zero_width"),
    Stage(_nfkc, True, t.STYLED_WORD_RE, "fullwidth_or_styled"),
    Stage(_homoglyphs, True, t.HOMOGLYPH_WORD_RE, "homoglyphs", _homoglyphs_in),
    Stage(_whitespace, False),
    Stage(_spaced, False, tok.SPACED_RE, "spaced_letters"),
    Stage(_latin_fold, True, t.LATIN_FOLD_WORD_RE, "diacritics"),
    Stage(_casefold, False),
    Stage(_leet, False, tok.LEET_TOKEN_RE, "leetspeak"),
    Stage(_mask, False, tok.MASK_RE, "masking"),
    Stage(_squeeze, False),
)
ASCII_STAGES = tuple(s.apply for s in STAGES if not s.unicode_only)
ALL_STAGES = tuple(s.apply for s in STAGES)
