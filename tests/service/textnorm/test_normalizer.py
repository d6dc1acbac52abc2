"""Tests for service.textnorm.normalizer: each evasion tactic undone, real text left alone, and the
properties the training/serving pipeline relies on (idempotent, total, deterministic, picklable)."""

import json
import os
import pickle
import re
import subprocess
import sys
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from service.textnorm import tables
from service.textnorm.normalizer import (
    TACTICS,
    Normalizer,
    learn_vocabulary,
    normalize,
    reveal_changes,
    reveal_evasions,
)
from service.textnorm.tokens import unmask

REPO = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    ("evaded", "plain", "tactic"),
    [
        ("ｉｖｏｒｙ ｆｏｒ ｓａｌｅ", "ivory for sale", "fullwidth_or_styled"),
        ("𝐢𝐯𝐨𝐫𝐲 bangle", "ivory bangle", "fullwidth_or_styled"),
        ("ⓘⓥⓞⓡⓨ", "ivory", "fullwidth_or_styled"),
        ("🅸🆅🅾🆁🆈", "ivory", "fullwidth_or_styled"),
        ("ɪᴠᴏʀʏ", "ivory", "fullwidth_or_styled"),
        ("ﬁne ivory", "fine ivory", None),  # a ligature is folded but is no evasion
        ("іvоrу tusk", "ivory tusk", "homoglyphs"),  # Cyrillic і о у
        ("ΗΟRΝ", "horn", "homoglyphs"),  # Greek capitals Η Ο Ν
        ("rhιnο", "rhino", "homoglyphs"),  # Greek small ι ο
        ("liten ара", "liten apa", "homoglyphs"),  # lookalike-only word in a Latin text
        ("1v0ry", "ivory", "leetspeak"),
        ("p@ngolin", "pangolin", "leetspeak"),
        ("rh1n0 horn", "rhino horn", "leetspeak"),
        ("t!ger", "tiger", "leetspeak"),
        ("t00th", "tooth", "leetspeak"),
        ("p4n9olin", "pangolin", "leetspeak"),
        ("c1aws", "claws", "leetspeak"),  # 1 reads as l when only that is a known word
        ("5kin", "skin", "leetspeak"),  # edge-only leet, rescued by the vocabulary
        ("i v o r y", "ivory", "spaced_letters"),
        ("p a n g o l i n", "pangolin", "spaced_letters"),
        ("s t o ß z a h n", "stosszahn", "spaced_letters"),
        ("ง า ช้ า ง", "งาช้าง", "spaced_letters"),
        ("I.V.O.R.Y", "ivory", "dotted_letters"),
        ("i . v . o . r . y", "ivory", "dotted_letters"),
        ("i-v-o-r-y", "ivory", "dotted_letters"),
        ("i_v_o_r_y", "ivory", "dotted_letters"),
        ("i·v·o·i·r·e", "ivoire", "dotted_letters"),
        ("perles d'I-V-O-I-R-E", "perles d'ivoire", "dotted_letters"),
        ("iv*ry", "ivory", "masking"),
        ("rh#no", "rhino", "masking"),
        ("p*ng*lin", "pangolin", "masking"),
        ("ívöry", "ivory", "diacritics"),
        ("marfíl", "marfil", "diacritics"),
        ("Rohelfenbéin", "rohelfenbein", "diacritics"),
        ("🐘", "elephant", "emoji_words"),
        ("🦏", "rhinoceros", "emoji_words"),
        ("🐅 🐯", "tiger", "emoji_words"),
        ("🦜", "parrot", "emoji_words"),
        ("🐢", "turtle", "emoji_words"),
        ("🦷", "tooth", "emoji_words"),
        ("🐘🐘🐘 for sale", "elephant for sale", "emoji_words"),
        ("👋🏽", "waving hand", "emoji_words"),
        ("🐻\u200d❄\ufe0f", "polar bear", "emoji_words"),
        ("ivory🐘🦷", "ivory elephant tooth", "emoji_words"),
        ("🇰🇪 🇹🇭", "kenya thailand", "emoji_words"),
        ("🇮 🇻 🇴 🇷 🇾", "ivory", "emoji_words"),
    ],
)
def test_evaded_form_normalises_like_the_plain_form(evaded: str, plain: str, tactic: str | None) -> None:
    assert normalize(evaded) == normalize(plain) == plain
    if tactic is not None:
        assert tactic in reveal_evasions(evaded)


@pytest.mark.parametrize(
    "invisible",
    [
        *"\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064",
        *"\ufeff\u00ad\u180e\u202e\U000e0041\x00\x7f",
    ],
)
def test_invisible_characters_are_removed(invisible: str) -> None:
    evaded = f"iv{invisible}o{invisible}ry"
    assert normalize(evaded) == "ivory"
    if invisible not in "\x00\x7f":
        assert reveal_evasions(evaded) == ["zero_width"]


def test_diacritics_are_stripped_from_latin_letters_only() -> None:
    assert normalize("Bán vòng tay ngà voi thật, giá 5tr") == "ban vong tay nga voi that, gia 5tr"
    assert normalize("Sprzedam kość słoniową, łuski") == "sprzedam kosc sloniowa, luski"
    assert normalize("đồ, ø, ß, Æ") == "do, o, ss, ae"
    # Correctly accented words are not an evasion, even when they are sensitive words.
    assert reveal_evasions("Bán ngà voi, kości słoniowej, défenses d'éléphant") == []


def test_masking_that_fits_several_words_is_collapsed() -> None:
    assert normalize("t**th") == "t*th"  # tooth and teeth both fit
    assert normalize("f***ing") == "f*ing"
    assert normalize("white_plastic #ivory_for_sale") == "white_plastic ivory for sale"  # tags read as words
    assert unmask("t**th", ["tooth"]) == "tooth"
    assert unmask("t**th", ["tooth", "teeth"]) == "t*th"


def test_caller_vocabulary_extends_the_default_one() -> None:
    normalizer = Normalizer(["Zebrafisch", "white plastic"])
    assert normalizer.normalize("z*brafisch and wh*te") == "zebrafisch and white"
    assert normalizer.normalize("iv*ry") == "ivory"  # defaults still there
    assert normalizer.reveal_changes("z*brafisch") == [("masking", "z*brafisch", "zebrafisch")]
    assert Normalizer(None).normalize("z*brafisch") == "z*brafisch"


def test_whitespace_and_repeats_are_squeezed() -> None:
    assert normalize("  sooooo   good!!!!!\n\n\tDM  me ") == "soo good!! dm me"
    assert normalize("哈哈哈哈") == "哈哈"


@pytest.mark.parametrize(
    "text",
    [
        "500$ $500 1kg 2024 4x4 10:30 50% 3.5 1,000,000 10000 555-0100",
        "+84 912 345 678 0912-345-678 +1 (555) 010-0100",
        "rp50rb rm1jt 18th 2nd 3x3m 10x20cm 1h30p 2h30m 5tr covid-19 mp3 iphone13 b2b",
        "a b testing",
        "sh0p@gmail.com",
        "plan a and b",
    ],
)
def test_numbers_and_ordinary_ascii_are_left_alone(text: str) -> None:
    assert normalize(text) == text


@pytest.mark.parametrize(
    "text",
    [
        "Продаю слоновую кость, пишите в личку",  # Russian
        "Ο ελέφαντας και ο ρινόκερος κινδυνεύουν",  # Greek
        "ขายงาช้างแท้ ราคาถูก สนใจทักแชท",  # Thai, tone marks and all
        "出售象牙手镯 老料 价格私聊",  # Chinese
        "слон ivory",  # a Russian word next to a Latin one stays Russian
    ],
)
def test_other_scripts_are_only_casefolded(text: str) -> None:
    assert normalize(text) == text.casefold()
    assert reveal_evasions(text) == []


def test_abbreviations_join_harmlessly() -> None:
    assert normalize("Made in U.S.A.") == "made in usa."


def test_reveal_changes_lists_tokens_one_tactic_at_a_time() -> None:
    text = "Selling 1v0ry, p@ngolin and іvоrу, iv\u200bory 🐘 I.V.O.R.Y i v o r y t**th"
    changes = reveal_changes(text)
    assert len(changes) == 5
    assert len({tactic for tactic, _, _ in changes}) == 5
    assert ("zero_width", "iv<U+200B>ory", "ivory") in changes
    assert ("leetspeak", "1v0ry", "ivory") in reveal_changes(text, limit=20)
    assert set(reveal_evasions(text)) <= set(TACTICS)
    assert reveal_changes("Selling a mountain bike, barely used, $350") == []


def test_a_normalizer_pickles_with_its_vocabulary() -> None:
    assert pickle.loads(pickle.dumps(Normalizer(["zebrafisch"]))).normalize("z*brafisch") == "zebrafisch"


_SAMPLES = [
    "ｉｖｏｒｙ 1v0ry іvоrу I.V.O.R.Y t**th 🐘🐘 ngà voi",
    "Sprzedam kość słoniową 500zł",
    "rh#no h0rn, p a n g o l i n sc@les",
    "ขายงาช้างแท้ 出售象牙 Продаю",
]


def test_deterministic_across_processes_and_hash_seeds() -> None:
    script = (
        "import sys, json; from service.textnorm.normalizer import normalize as n; "
        "print(json.dumps(list(map(n, json.loads(sys.argv[1])))))"
    )

    outputs = set()
    for seed in ("0", "1", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        result = subprocess.run(
            [sys.executable, "-c", script, json.dumps(_SAMPLES)],
            cwd=REPO, env=env, capture_output=True, text=True, check=True,
        )  # fmt: skip
        outputs.add(result.stdout)
    assert outputs == {json.dumps([normalize(t) for t in _SAMPLES]) + "\n"}


@pytest.mark.parametrize("table", [tables.HOMOGLYPHS, tables.LATIN_FOLD])
def test_fold_tables_are_closed_under_casefold(table: dict[int, str]) -> None:
    """Folding once, before casefold, is enough only if casefold never creates a foldable letter
    (from a character NFKC keeps: it runs first)."""
    for cp in range(0x80, 0x10000):
        if unicodedata.normalize("NFKC", chr(cp)) != chr(cp):
            continue
        folded = unicodedata.normalize("NFD", chr(cp).casefold())
        if any(ord(c) in table for c in folded if not unicodedata.combining(c)):
            assert cp in table, chr(cp)


# Characters that interact across stages: leet and mask symbols, separators, lookalikes,
# accents and combining marks, invisibles, emoji parts, surrogates and controls.
_TRICKY = (
    "iIvVoOrRyY0134578@$!|*#_ .-·'\n\t"
    "аеорсхуіΗηΝνΟοΓгͅ"
    "áàäñßæłđøẞİı\u0301\u0308\u0345"
    "\u200b\u200d\u00ad\ufe0f\u20e3"
    "🐘🏽🦏🇰🇪🅸ｉ𝐢ᴠ"
    "งาช้象牙\x00\x7f\ud800\udc18\ud83d"
)
_any_text = st.text(st.characters(exclude_categories=()), max_size=60)
_tricky_text = st.text(st.sampled_from(_TRICKY), max_size=40)
_texts = st.one_of(_any_text, _tricky_text)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_texts)
def test_normalize_is_idempotent(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=600, deadline=None)
@given(_texts)
def test_never_raises_and_output_is_valid_utf8(text: str) -> None:
    """Lone surrogates are dropped (a valid pair is joined), so the output always encodes."""
    out = normalize(text)
    out.encode("utf-8")
    assert set(reveal_evasions(text)) <= set(TACTICS)
    assert len(reveal_changes(text)) <= 5


def test_surrogates_and_controls() -> None:
    assert normalize("iv\ud800ory") == "ivory"
    assert normalize("\ud83d\udc18 tusk") == "elephant tusk"  # a pair from a bad decoder
    assert normalize("iv\x00or\x07y\r\nok") == "ivory ok"


# -- vocabulary-guided repair ---------------------------------------------------------------------

# Word counts as a model learned them from its training posts (normalised, accents stripped).
_COUNTS = {
    "bangles": 40, "each": 300, "whatsapp": 120, "available": 200, "genuine": 60,
    "left": 90, "lift": 9, "loft": 3, "pics": 50, "horn": 80, "toan": 30, "quoc": 30, "pieces": 70,
    "skin": 20, "kin": 2, "am": 500, "sam": 4, "top": 300, "tops": 5, "ist": 400, "stock": 30,
}  # fmt: skip
# A vocabulary big enough for the character model: the English words of the emoji names.
_EMOJI_WORDS = dict(Counter(w for name in tables.EMOJI_NAMES.values() for w in re.findall(r"[a-z]+", name)))
_HELD_OUT = ("butterfly", "kangaroo", "chocolate", "telephone")
_MODELLED = {**{w: n for w, n in _EMOJI_WORDS.items() if w not in _HELD_OUT}, **_COUNTS}


@pytest.mark.parametrize(
    ("evaded", "plain"),
    [
        ("8an913$", "bangles"),  # 3+ leet characters, and 8 and 9
        ("3@ch", "each"),
        ("wha7$@pp", "whatsapp"),
        ("g3nu1ne", "genuine"),
        ("4v4!1@b1e", "available"),
        ("@v4i1a813 now", "available now"),  # "@" reads as "a": other leet and a known word
        ("l*ft", "left"),  # 10x as frequent as "lift"
        ("ea*h", "each"),
        ("p*cs", "pics"),
        ("w*atsapp", "whatsapp"),
        ("b*ng*es", "bangles"),
        ("#b*ngles", "bangles"),  # unmasked, then read as a word like every hashtag
        ("h o r n a v a i l a b l e", "horn available"),
        ("t o à n q u ố c", "toan quoc"),
        ("3 p i e c e s", "3 pieces"),
        ("5kin", "skin"),  # a leet reading more frequent than the bare letters
        ("$70ck", "stock"),  # looks like an amount, but reads as a 5-letter word
    ],
)
def test_a_vocabulary_repairs_what_the_heuristics_cannot(evaded: str, plain: str) -> None:
    normalizer = Normalizer(_COUNTS)
    assert normalizer.normalize(evaded) == normalizer.normalize(plain) == plain
    assert Normalizer(_MODELLED).normalize(evaded) == plain


@pytest.mark.parametrize("evaded", ["8an913$", "wha7$@pp", "l*ft", "p*cs", "b*ng*es"])
def test_without_a_vocabulary_nothing_is_guessed(evaded: str) -> None:
    assert normalize(evaded) == Normalizer(None).normalize(evaded) == evaded
    assert normalize("h o r n a v a i l a b l e") == "hornavailable"


def test_ambiguous_masks_stay_masked() -> None:
    assert Normalizer({"left": 5, "lift": 4}).normalize("l*ft") == "l*ft"  # neither 3x the other
    assert Normalizer({"tooth": 9, "teeth": 8}).normalize("t**th") == "t*th"
    assert Normalizer(_MODELLED).normalize("kaufer*innen, ehrenamtliche*r") == "kaufer*innen, ehrenamtliche*r"


def test_the_character_model_reads_words_the_vocabulary_lacks() -> None:
    normalizer = Normalizer(_MODELLED)
    assert normalizer.normalize("7313ph0n3 8u773rf1y") == "telephone butterfly"
    assert normalizer.normalize("butt*rfly") == "butterfly"  # "butter" + "fly"
    assert Normalizer(_COUNTS).normalize("7313ph0n3") == normalize("7313ph0n3") == "7313phone"  # no model


@pytest.mark.parametrize(
    "text",
    [
        "500$ $500 1kg 2024 4x4 10:30 50% 3.5 1,000,000 10000 555-0100 1.500€",
        "+84 912 345 678 0912-345-678 +1 (555) 010-0100 12/05/2024",
        "rp50rb rm1jt 18th 2nd 1st 5am 10am top5 3x3m 10x20cm 1h30p 5tr covid-19 mp3 iphone13 b2b",
        "rtx3080 a1b2c3 74m3 hi5",
        "a b testing",
        "sh0p@gmail.com http://b1t.ly/1v0ry https://sh0p.vn/p4ng t.me/p4ng_sh0p",
        "@anna @mike_99 @p4ngolin_shop tak! hello!",
    ],
)
def test_a_vocabulary_leaves_numbers_addresses_and_mentions_alone(text: str) -> None:
    assert Normalizer(_MODELLED).normalize(text) == text


@pytest.mark.parametrize(
    "text", ["Продаю слоновую кость", "Ο ελέφαντας", "ขายงาช้างแท้ ราคาถูก", "出售象牙手镯 #象牙#手镯"]
)
def test_a_vocabulary_leaves_other_scripts_alone(text: str) -> None:
    vocabulary = {**_MODELLED, "出售象牙手镯": 3, "งาช้าง": 3}
    assert Normalizer(vocabulary).normalize(text) == text.casefold()


def test_vocabulary_forms_and_folding() -> None:
    words = Normalizer(["Bangles", "Toàn", "QUỐC"])  # an iterable counts 1 per word
    assert words.normalize("t o à n q u ố c") == "toan quoc"
    assert words.normalize("8an913$") == "bangles"
    assert Normalizer({"bangles": 0}).normalize("8an913$") == "8an913$"  # no count, no word
    assert Normalizer(_COUNTS).normalize("iv*ry") == "ivory"  # the built-in terms are always in


def test_reveal_explains_the_vocabulary_repairs_only() -> None:
    text = "8an913$ l*ft h o r n a v a i l a b l e https://b1t.ly/x sh0p@gmail.com @p4ng_shop"
    assert Normalizer(_COUNTS).reveal_changes(text) == [
        ("spaced_letters", "h o r n a v a i l a b l e", "horn available"),
        ("leetspeak", "8an913$", "bangles"),
        ("masking", "l*ft", "left"),
    ]


def test_learn_vocabulary_counts_normalised_words() -> None:
    posts = ["Ivory bangles, DM", "ivory b*ngles", "h o r n a v a i l a b l e", "horn available", "horn"]
    assert learn_vocabulary(posts, min_count=1) == {
        "horn": 3,
        "ivory": 2,
        "bangles": 2,
        "available": 2,
        "dm": 1,
    }
    assert learn_vocabulary(["an ivory tusk", "ivory tusk", "tusk"], min_count=1, limit=2) == {
        "tusk": 3,
        "ivory": 2,
    }
    assert learn_vocabulary(posts) == {"horn": 2, "ivory": 2}  # one post is no evidence


def test_normalizer_builds_its_indexes_lazily_and_pickles_only_the_vocabulary() -> None:
    normalizer = Normalizer(_MODELLED)
    lazy = {"_sorted", "chars", "_by_shape"}
    assert not lazy & set(normalizer.lexicon.__dict__)
    assert normalizer.normalize("k4ng4r00 l*ft") == "kangaroo left"
    assert lazy <= set(Normalizer(_MODELLED).warm().lexicon.__dict__)
    restored = pickle.loads(pickle.dumps(normalizer))
    assert restored.normalize("k4ng4r00 l*ft") == "kangaroo left"
    assert normalizer.__getstate__() == {"vocabulary": Normalizer(_MODELLED)._learned.counts}


def test_a_normalizer_with_a_vocabulary_pickles() -> None:
    normalizer = Normalizer(_COUNTS)
    assert [normalizer.normalize(t) for t in ["8an913$", "l*ft"]] == ["bangles", "left"]
    assert pickle.loads(pickle.dumps(normalizer)).normalize("8an913$") == "bangles"
    assert Normalizer(None).normalize("8an913$") == "8an913$"


_LEET_AND_MASKS = st.text(st.sampled_from("bangleshornavilt *#_ .-8913$@!|4570"), max_size=40)
_MODELLED_NORMALIZER = Normalizer(_MODELLED)
_SMALL_NORMALIZER = Normalizer(_COUNTS)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(_texts, _LEET_AND_MASKS))
def test_normalize_with_a_vocabulary_is_idempotent(text: str) -> None:
    for normalizer in (_MODELLED_NORMALIZER, _SMALL_NORMALIZER):
        once = normalizer.normalize(text)
        assert normalizer.normalize(once) == once


def test_hashtags_read_as_the_words_they_glue_together() -> None:
    words = Normalizer({"ivory": 50, "carving": 20, "for": 500, "sale": 400, "no": 300, "papers": 30})
    assert words.normalize("#ivorycarving #forsale #nopapers") == "ivory carving for sale no papers"
    assert words.normalize("#IvoryCarving") == "ivory carving"
    assert words.normalize("#xyzzyplugh") == "xyzzyplugh"  # nothing known to split into: kept whole
    assert words.normalize("出售 #象牙#手镯") == "出售 #象牙#手镯"  # Weibo-style tags are left as written
    assert words.normalize("price #1") == "price #1"  # a one-character tag stays as written
    assert words.normalize("a #__b_ c") == "a #__b_ c"


def test_built_in_sensitive_words_are_read_where_the_vocabulary_alone_would_not() -> None:
    # A vocabulary as large as a model's makes "ivorytusks" likelier as one unknown word than as
    # two known ones; a split with a built-in sensitive word wins. Without one, a run stays whole.
    vocabulary = {**_MODELLED, "the": 10**8, "tusks": 20, "trombone": 5, "tiger": 50}
    normalizer = Normalizer(vocabulary)
    assert normalizer.normalize("i v o r y t u s k s") == "ivory tusks"
    assert normalizer.normalize("h o r n a v a i l a b l e") == "horn available"
    assert normalizer.normalize("t r o m b o n e") == "trombone"  # a known word stays whole
    # A number glued to letters stays a number unless it spells a built-in word of 5+ letters.
    assert normalizer.normalize("tiger 73eth") == "tiger teeth"
    assert normalizer.normalize("18th 10am 2000s 365days") == "18th 10am 2000s 365days"
