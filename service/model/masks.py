"""Masks the normaliser could not read, read by the product phrase around them.

The normaliser fills a masked word ("mar##l", "n*a") only when one word of its vocabulary clearly
fits; several product words of the same shape are equally likely to it ("marfil", ivory, and
"martil" of the Indonesian "hiu martil", hammerhead; Vietnamese "nga" and "nha"). The words around
the mask decide, as a reader decides: "colmillos de mar##l" is "colmillos de marfil", "n*a voi" is
"nga voi". A fill is kept only when it makes the post name a product and no other fill does as
well; the filled word has the mask's length, so positions in the text stay where they were.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from service.model.products import PRODUCT_TIERS, Match, Term, Tokens
from service.textnorm.lexicon import Lexicon

# A word with masks between letters, as the normaliser leaves it (its first and last letters shown)
_MASKED_RE = re.compile(r"(?<![\w*#])[a-z]+(?:[*#]+[a-z]+)+(?![\w*#])")
Finder = Callable[[str], tuple[Tokens, list[Match]]]


class MaskReader:
    """read(normalised text) -> the text with the masks that a product phrase explains filled in."""

    def __init__(self, terms: Sequence[Term], find: Finder) -> None:
        self._find = find
        products = [t for t in terms if t.tier in PRODUCT_TIERS and not t.accented]
        # the product words as the normaliser's lexicon holds words: it knows which ones fit a mask
        self._words = Lexicon.build([word for term in products for word in term.text.split()], min_length=3)

    def read(self, text: str) -> str:
        if "*" not in text and "#" not in text:
            return text
        for match in list(_MASKED_RE.finditer(text))[::-1]:  # from the end: earlier spans stay put
            word = self._fill(text, match.start(), match.group())
            if word is not None:
                text = text[: match.start()] + word + text[match.end() :]
        return text

    def _fill(self, text: str, start: int, token: str) -> str | None:
        """The one product word that fits `token` and makes the longest product phrase there."""
        fits = self._words.fitting(token, "*#")
        best: tuple[int, list[str]] = (0, [])
        for word in fits:
            words = self._phrase_words(text[:start] + word + text[start + len(token) :], start)
            if words > best[0]:
                best = (words, [word])
            elif words == best[0] and words:
                best[1].append(word)
        return best[1][0] if len(best[1]) == 1 else None

    def _phrase_words(self, text: str, start: int) -> int:
        """How many words the longest product match over the word at `start` covers (0: none)."""
        tokens, matches = self._find(text)
        index = next((i for i, (a, _) in enumerate(tokens.spans) if a == start), None)
        if index is None:
            return 0
        covering = [m for m in matches if m.is_product and m.first_token <= index <= m.last_token]
        return max((m.last_token - m.first_token + 1 for m in covering), default=0)
