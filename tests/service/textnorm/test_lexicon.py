"""The lexicon's look-ups answer what their plain definitions say."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from service.textnorm.lexicon import Lexicon

_WORDS = st.text(alphabet="abhnort象牙", min_size=1, max_size=6)


@settings(max_examples=200, deadline=None)
@given(st.lists(_WORDS, max_size=12), st.text(alphabet="abhnort象牙", max_size=7))
def test_begins_a_word_is_being_a_proper_beginning_of_one(words: list[str], text: str) -> None:
    lexicon = Lexicon(dict.fromkeys(words, 1))
    proper_beginnings = {word[:end] for word in words for end in range(1, len(word))}
    assert lexicon.begins_a_word(text) == (text in proper_beginnings)


def test_a_word_is_not_its_own_beginning_unless_a_longer_word_starts_with_it() -> None:
    lexicon = Lexicon({"horn": 2, "hornbill": 1, "ivory": 3})
    assert [lexicon.begins_a_word(t) for t in ("h", "hor", "horn", "hornbil", "ivory", "iv", "x")] == [
        True, True, True, True, False, True, False,
    ]  # fmt: skip
