"""The normalisation pipeline: one function per stage, in order, each `(lexicon, text) -> text`.

Lone surrogates never raise: a high/low pair is re-joined into its character and an unpaired one
is dropped, because it cannot be encoded as UTF-8 (hashing, Kafka and JSON would all fail on it).
"""

import functools
import re
import unicodedata
from collections.abc import Callable
from typing import NamedTuple

from service.textnorm import tables as t
from service.textnorm import tokens as tok
from service.textnorm.guesses import fill_mask
from service.textnorm.lexicon import Lexicon, remembered
from service.textnorm.split import FEWEST_WORDS, best_split

_HANDLE_TAIL_RE = re.compile(r"[_.]\w")


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


def _unleet_match(lexicon: Lexicon, match: re.Match[str]) -> str:
    token, after = match.group(), match.string[match.end() : match.end() + 2]
    if "@" in token[1:] and after[:1] == "." and after[1:].isalnum():
        return token  # an e-mail address: sh0p@gmail.com (not "0pak0w@nie.")
    if token[0] == "@" and _HANDLE_TAIL_RE.match(after):
        return token  # a handle: @p4ngolin_shop
    # Squeezed first, as the last stage will: a second pass must read the same token ("p!!!x31").
    return tok.unleet(tok.squeeze_repeats(token), lexicon)


def _unmask_match(lexicon: Lexicon, match: re.Match[str]) -> str:
    return tok.unmask(tok.squeeze_repeats(match.group()), lexicon)  # MASK_RE: letters at both ends


def _fill_match(lexicon: Lexicon, match: re.Match[str]) -> str:
    """Masks in other scripts ("元*拍"): only the character model's fill, nothing collapsed. A "#"
    between Han characters closes a Weibo-style hashtag ("#象牙#手镯"), so only "*" is a mask there."""
    token = match.group()
    if token.isascii() or ("#" in token and tok.HAN_RE.search(token)):
        return token
    return fill_mask(token, lexicon) or token


def _unleet_in(lexicon: Lexicon, match: re.Match[str]) -> str:
    return match.group() if _in_address(match) else _unleet_match(lexicon, match)


def _unmask_in(lexicon: Lexicon, match: re.Match[str]) -> str:
    return match.group() if _in_address(match) else _unmask_match(lexicon, match)


def _in_address(match: re.Match[str]) -> bool:
    return any(start <= match.start() < end for start, end in t.address_spans(match.string))


def _outside_addresses(pattern: re.Pattern[str], repair: Callable[[re.Match[str]], str], text: str) -> str:
    """`pattern.sub(repair, text)`, leaving matches inside an address alone: "b1t.ly/1v0ry" is not
    leetspeak. Addresses are only looked for once a match needs it."""
    addresses: list[tuple[int, int]] | None = None

    def guarded(match: re.Match[str]) -> str:
        nonlocal addresses
        if addresses is None:
            addresses = t.address_spans(text)
        if any(start <= match.start() < end for start, end in addresses):
            return match.group()
        return repair(match)

    return pattern.sub(guarded, text)


# Stages, in order. Each takes the whole text; `reveal` also applies it to single spans.
def _surrogates(lexicon: Lexicon, text: str) -> str:
    if t.SURROGATE_RE.search(text) is None:
        return text
    return t.SURROGATE_RE.sub("", t.SURROGATE_PAIR_RE.sub(_join_surrogates, text))


def _emoji(lexicon: Lexicon, text: str) -> str:
    if t.EMOJI_BMP_RE.search(text) is None and t.ASTRAL_RE.search(text) is None:
        return text
    return t.EMOJI_RUN_RE.sub(_emoji_words, text)


def _invisible(lexicon: Lexicon, text: str) -> str:
    if t.INVISIBLE_BMP_RE.search(text) is None and t.ASTRAL_RE.search(text) is None:
        return text
    return t.INVISIBLE_RE.sub("", text)


def _nfkc(lexicon: Lexicon, text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    if t.ASTRAL_RE.search(text):
        text = text.translate(t.STYLED_FOLD)
    # Marks on ASCII go now, not only in the Latin fold: spaced-letter matching must already
    # see ":̀0 a b" as ":0 a b", as a second pass would.
    return t.LATIN_MARKS_RE.sub("", text) if t.MARKED_ASCII_RE.search(text) else text


def _latin_fold(lexicon: Lexicon, text: str) -> str:
    if t.LATIN_FOLD_RE.search(text) is None and t.MARKED_ASCII_RE.search(text) is None:
        return text
    return t.LATIN_MARKS_RE.sub("", text.translate(t.LATIN_FOLD))


def _homoglyphs(lexicon: Lexicon, text: str) -> str:
    if t.CONFUSABLE_RE.search(text) is None:
        return text
    return t.HOMOGLYPH_WORD_RE.sub(_homoglyph_folder(text), text)


def _homoglyphs_in(lexicon: Lexicon, match: re.Match[str]) -> str:
    return t.HOMOGLYPH_WORD_RE.sub(_homoglyph_folder(match.string), match.group())


def _casefold(lexicon: Lexicon, text: str) -> str:
    folded = text.casefold()
    # Casefolding can leave text that NFKC would recompose ("ῌ̄" -> "ηῑ", NFKC "ηῑ").
    return folded if folded.isascii() else unicodedata.normalize("NFKC", folded)


def _spaced(lexicon: Lexicon, text: str) -> str:
    # Until nothing changes, as a second pass would see it: joining one run can make another
    # ("530K 1 C_A_I" -> "530K1C_A_I" -> "530K1CAI"). Every change removes separators, so it ends.
    join = functools.partial(tok.join_letters, lexicon=lexicon)
    while tok.SPACED_HINT_RE.search(text):
        joined = tok.SPACED_RE.sub(join, text)
        if joined == text:
            break
        text = joined
    return text


def _leet(lexicon: Lexicon, text: str) -> str:
    if tok.LEET_HINT_RE.search(text) is None:
        return text
    return _outside_addresses(tok.LEET_TOKEN_RE, functools.partial(_unleet_match, lexicon), text)


def _mask(lexicon: Lexicon, text: str) -> str:
    if tok.MASK_HINT_RE.search(text):
        text = _outside_addresses(tok.MASK_RE, functools.partial(_unmask_match, lexicon), text)
    if text.isascii() or not lexicon.modelled or tok.MASK_ANY_HINT_RE.search(text) is None:
        return text
    return _outside_addresses(tok.MASK_ANY_RE, functools.partial(_fill_match, lexicon), text)


def _whitespace(lexicon: Lexicon, text: str) -> str:
    return " ".join(text.split())


def _squeeze(lexicon: Lexicon, text: str) -> str:
    return tok.squeeze_repeats(text)


# Whole Latin tags only: "#话题#" is left as written, and "#b*ngles" is the mask stage's to read.
_HASHTAG_RE = re.compile(r"""(?<![^\s(\[{,;:"'])#([0-9a-z_]+)(?![\w*#@$!|])""")
_LATIN_TAG_RE = re.compile(r"[a-z]{5,}")


@remembered
def _tag_words(body: str, lexicon: Lexicon) -> str:
    """A glued Latin hashtag read as the known words it is made of ("ivorycarving" -> "ivory carving")."""
    if lexicon.count(body) or not _LATIN_TAG_RE.fullmatch(body):
        return body
    words = best_split([[char] for char in body], lexicon, min_piece=2, per_word=FEWEST_WORDS)
    return " ".join(word for _, word in words) if words and len(words) > 1 else body


def _hashtags(lexicon: Lexicon, text: str) -> str:
    """Hashtags read as plain words, so a post of hashtags reads like the sentence it replaces;
    the original-text view still sees the tags."""
    if "#" not in text:
        return text
    return _HASHTAG_RE.sub(lambda match: _tag_as_words(match, lexicon), text)


def _tag_as_words(match: re.Match[str], lexicon: Lexicon) -> str:
    parts = [part for part in match.group(1).split("_") if part]
    if not parts or min(map(len, parts)) < 2:
        # "#_", "#1", "#__b_" stay as written: a lone letter would start a spaced-letters run
        return match.group(0)
    return " ".join(_tag_words(part, lexicon) for part in parts)


class Stage(NamedTuple):
    apply: Callable[[Lexicon, str], str]
    unicode_only: bool  # a no-op on ASCII text, skipped on the fast path
    spans: re.Pattern[str] | None = None  # where `reveal` looks for this tactic
    tactic: str | None = None
    # How `reveal` applies the stage to one span when the text around it matters.
    apply_in: Callable[[Lexicon, re.Match[str]], str] | None = None


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
    Stage(_leet, False, tok.LEET_TOKEN_RE, "leetspeak", _unleet_in),
    Stage(_mask, False, tok.MASK_RE, "masking", _unmask_in),
    Stage(_hashtags, False),  # after leet and masks, which read "#1v0ry" and "#b*ngles" first
    Stage(_squeeze, False),
)
ASCII_STAGES = tuple(s.apply for s in STAGES if not s.unicode_only)
ALL_STAGES = tuple(s.apply for s in STAGES)
