"""A named corpus of hostile `posts.new` values, each with the outcome the contract promises for it.

`nasty_payloads(tag)` builds the corpus; every valid post carries a post_id that starts with `tag`
(except the entries that test post_id itself), so a test can match its decision by post_id.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from service.contracts import INVALID_REASONS, Post, decode_event
from service.errors import InvalidEvent

Outcome = Literal["decision", "dlq"]
MB = 1024 * 1024
CREATED_AT = "2026-11-20T12:00:00Z"
TEXT_FIELDS = ("text", "lang", "author_id", "transcript", "ocr_text")


@dataclass(frozen=True)
class Nasty:
    """One hostile Kafka value; `post_id` is what its decision carries (None when it belongs in the DLQ)."""

    value: bytes | None
    outcome: Outcome
    reason: str | None = None
    post_id: str | None = None
    # Set when the service disagrees with the contract on this input: what it does instead.
    known_bug: str | None = None

    def __post_init__(self) -> None:
        assert (self.outcome == "dlq") == (self.reason in INVALID_REASONS), self
        assert (self.outcome == "decision") == (self.post_id is not None), self


def _dumps(obj: Any, ascii_only: bool = False) -> bytes:
    return json.dumps(obj, ensure_ascii=ascii_only).encode()


def _nested(depth: int, leaf: str = "1", kind: str = "array") -> str:
    if kind == "array":
        return "[" * depth + leaf + "]" * depth
    return '{"a":' * depth + leaf + "}" * depth


SCRIPTS = {
    "latin": "Kość słoniowa na sprzedaż, piszcie prywatnie. Élfenbein, marfim, ngà voi",
    "greek": "Ελεφαντόδοντο προς πώληση, στείλτε μήνυμα",
    "cyrillic": "Продаю слоновую кость, пишите в личку",
    "armenian": "Վաճառվում է փղոսկր, գրեք անձնական",
    "hebrew": "שנהב למכירה, שלחו הודעה פרטית",
    "arabic": "عاج للبيع، راسلني على الخاص",
    "devanagari": "हाथी दांत बिक्री के लिए, संदेश भेजें",
    "bengali": "হাতির দাঁত বিক্রি হবে, ইনবক্স করুন",
    "tamil": "யானை தந்தம் விற்பனைக்கு, தனிப்பட்ட செய்தி",
    "thai": "ขายงาช้าง ทักแชทมาได้เลย",
    "lao": "ຂາຍງາຊ້າງ ສົ່ງຂໍ້ຄວາມມາ",
    "tibetan": "བ་སོ་ཚོང་རྒྱུ་ཡོད། འཕྲིན་ཡིག་གཏོང་།",
    "georgian": "სპილოს ძვალი იყიდება, მომწერეთ",
    "hangul": "상아 팝니다, 개인 메시지 주세요",
    "hiragana": "ぞうげを うります、めっせーじ ください",
    "katakana": "アイボリー ウリマス、メッセージ クダサイ",
    "han": "出售象牙，私信联系，順豐包郵",
    "ethiopic": "የዝሆን ጥርስ ለሽያጭ፣ መልእክት ይላኩ",
    "cherokee": "ᏣᎳᎩ ᎦᏬᏂᎯᏍᏗ ᎠᏕᎶᏆᏍᏗ",
    "mongolian": "ᠵᠠᠭᠠᠨ ᠤ ᠶᠠᠰᠤ ᠬᠤᠳᠠᠯᠳᠤᠨᠠ",
    "emoji_zwj": "👩‍👩‍👧‍👦🏳️‍🌈🧑🏽‍💻🐘🦏 " * 50,
    "rtl_override": "\u202eelas rof yrovi\u202c \u2067ivory\u2069 \u200f\u200e",
    "zalgo": "Z" + "".join(chr(0x0300 + i % 0x70) for i in range(500)) + "̴̡̛͓̈́ivory",
    "noncharacters_and_private_use": "\ufffe\uffff\U0010ffff\ue000\U000f0000 ivory \ufeff\u200b\u2028\u2029",
}


def _valid(tag: str) -> dict[str, Nasty]:
    """Posts the contract says must each get a decision."""
    corpus: dict[str, Nasty] = {}

    def post(name: str, post_id: str | None = None, ascii_only: bool = False, **fields: Any) -> None:
        pid = post_id if post_id is not None else f"{tag}-{name}"
        body = {"schema": "post.v1", "post_id": pid, "created_at": CREATED_AT, **fields}
        corpus[name] = Nasty(_dumps(body, ascii_only), "decision", post_id=pid)

    post("huge_text_2mb", text="ivory tusk for sale, DM " + "x" * (2 * MB))
    post("huge_text_12mb", text="rhino horn, discreet shipping " + "horn " * (12 * MB // 5))
    post("huge_transcript_2mb_of_emoji", transcript="🐘" * (MB // 2), ocr_text="象牙" * 100_000)
    post("hashtags_10000", hashtags=[f"ivory{i}" for i in range(10_000)])
    post("hashtag_100000_chars", hashtags=["#" + "ivory" * 20_000])
    post("hashtags_empty_and_hash_only", hashtags=["", "#", "##", " ", "\u200b"])
    post("all_text_fields_null", **dict.fromkeys(TEXT_FIELDS), hashtags=None)
    post("all_text_fields_empty", **dict.fromkeys(TEXT_FIELDS, ""), hashtags=[])
    post("only_required_fields")
    post("control_chars_escaped", text="".join(map(chr, range(0x20))) + "\x7f\x85 ivory")
    post("nul_in_every_text_field", **dict.fromkeys(TEXT_FIELDS, "\x00"), hashtags=["\x00"])
    post("surrogate_pair_escapes", ascii_only=True, text="ivory 🐘🦏 \U0010fffd")
    for script, text in SCRIPTS.items():
        post(f"script_{script}", text=text, hashtags=[text[:20]], ocr_text=text)
    post("every_script_at_once", text=" ".join(SCRIPTS.values()), lang="und")
    post(
        "unknown_fields_of_every_type",
        extra_str="x",
        extra_int=-(10**300),
        extra_float=1.5e308,
        extra_tiny=5e-324,
        extra_bool=True,
        extra_null=None,
        extra_obj={"a": {"b": []}},
        extra_arr=[1, "a", None, {}, []],
        hashtags_v2=[{"tag": 1}],
        Text=5,
        POST_ID=None,
    )
    post("unknown_field_nested_100_deep", text="ivory", nested=json.loads(_nested(100)))
    post("post_id_128_chars", post_id=(tag + "-" + "x" * 128)[:128])
    post("post_id_128_emoji", post_id=(tag + "🐘" * 128)[:128])
    post("post_id_with_emoji", post_id=f"{tag}-🦏🐘👩‍👩‍👧")
    post("post_id_with_control_chars", post_id=f"{tag}\x00\x01\x1f\x7f\x85")
    post("post_id_only_whitespace", post_id=" \t \u3000 ")
    post("post_id_rtl_override", post_id=f"{tag}-\u202egpj.exe")
    corpus["schema_absent"] = Nasty(
        _dumps({"post_id": f"{tag}-schema_absent", "created_at": CREATED_AT}),
        "decision",
        post_id=f"{tag}-schema_absent",
    )
    post("schema_null", schema=None)
    good_times = {
        "lowercase_t_z": "2026-11-20t12:00:00z",
        "offset_plus": "2026-11-20T12:00:00+05:30",
        "offset_minus_zero": "2026-11-20T12:00:00-00:00",
        "offset_max": "2026-11-20T12:00:00+23:59",
        "space_separator": "2026-11-20 12:00:00Z",
        "year_0001": "0001-01-01T00:00:00Z",
        "year_0001_east_of_utc": "0001-01-01T00:00:00+01:00",
        "year_9999": "9999-12-31T23:59:59Z",
        "year_9999_west_of_utc": "9999-12-31T23:59:59-01:00",
        "fraction_1_digit": "2026-11-20T12:00:00.5Z",
        "fraction_6_digits": "2026-11-20T12:00:00.123456Z",
        "fraction_9_digits": "2026-11-20T12:00:00.123456789Z",
    }
    for name, when in good_times.items():
        post(f"created_at_{name}", created_at=when)
    body = f'{{"post_id": 5, "post_id": "{tag}-duplicate_keys", "created_at": "{CREATED_AT}"}}'
    corpus["duplicate_keys_last_wins"] = Nasty(body.encode(), "decision", post_id=f"{tag}-duplicate_keys")
    spaced = f' \n\t{{"post_id": "{tag}-whitespace_around", "created_at": "{CREATED_AT}"}} \r\n'
    corpus["whitespace_around_json"] = Nasty(spaced.encode(), "decision", post_id=f"{tag}-whitespace_around")
    raw = f'{{"post_id": "{tag}-raw_del_nel", "created_at": "{CREATED_AT}", "text": "a\x7fb\x85c"}}'
    corpus["raw_del_and_nel_in_text"] = Nasty(raw.encode(), "decision", post_id=f"{tag}-raw_del_nel")
    return corpus


def _invalid(tag: str) -> dict[str, tuple[bytes | None, str]]:
    """Values the contract says belong in the DLQ, with the reason."""
    pid = f'"{tag}-never-decided"'
    head = f'{{"post_id": {pid}, "created_at": "{CREATED_AT}"'

    def with_field(raw_json: str) -> bytes:
        return (head + ", " + raw_json + "}").encode()

    def with_raw_text(raw: bytes, end: bytes = b'"}') -> bytes:
        return head.encode() + b', "text": "ivory ' + raw + end

    def post(**fields: Any) -> bytes:
        return _dumps({"post_id": f"{tag}-never-decided", "created_at": CREATED_AT, **fields})

    bad: dict[str, tuple[bytes | None, str]] = {
        "tombstone": (None, "invalid_json"),
        "empty_value": (b"", "invalid_json"),
        "only_whitespace": (b" \n\t ", "invalid_json"),
        "garbage": (b"\x00\x01 not json {", "invalid_json"),
        "truncated_json": (post(text="ivory")[:-9], "invalid_json"),
        "trailing_garbage": (post() + b" x", "invalid_json"),
        "two_objects": (post() + post(), "invalid_json"),
        "trailing_comma": (head.encode() + b",}", "invalid_json"),
        "single_quotes": (b"{'post_id': 'p', 'created_at': '2026-11-20T12:00:00Z'}", "invalid_json"),
        "comment": (head.encode() + b" /* hi */}", "invalid_json"),
        "json_null": (b"null", "not_an_object"),
        "json_array": (b"[]", "not_an_object"),
        "json_empty_string": (b'""', "not_an_object"),
        "json_true": (b"true", "not_an_object"),
        "json_number": (b"42", "not_an_object"),
        "array_of_posts": (b"[" + post() + b"]", "not_an_object"),
        "json_empty_object": (b"{}", "missing_field"),
        "missing_post_id": (_dumps({"created_at": CREATED_AT, "text": "ivory"}), "missing_field"),
        "missing_created_at": (_dumps({"post_id": f"{tag}-x", "text": "ivory"}), "missing_field"),
        "utf8_bom_prefix": (b"\xef\xbb\xbf" + post(), "invalid_json"),
        "utf16_with_bom": (post().decode().encode("utf-16"), "invalid_utf8"),
        "utf16le_without_bom": (post().decode().encode("utf-16-le"), "invalid_json"),
        "utf32": (post().decode().encode("utf-32"), "invalid_utf8"),
        "latin1_encoded": (post(text="Elfenbein für Sammler é").decode().encode("latin-1"), "invalid_utf8"),
        "lone_high_surrogate_escape": (with_field(r'"text": "ivory \ud800"'), "invalid_json"),
        "lone_low_surrogate_escape": (with_field(r'"text": "\udc00 ivory"'), "invalid_json"),
        "reversed_surrogate_pair": (with_field(r'"text": "\ude00\ud83d"'), "invalid_json"),
        "high_surrogate_then_letter": (with_field(r'"text": "\ud800\u0041"'), "invalid_json"),
        "lone_surrogate_in_post_id": (
            f'{{"post_id": "\\ud800", "created_at": "{CREATED_AT}"}}'.encode(),
            "invalid_json",
        ),
        "lone_surrogate_in_unknown_field": (with_field(r'"note": "\udfff"'), "invalid_json"),
        "raw_surrogate_bytes": (with_raw_text(b"\xed\xa0\x80"), "invalid_utf8"),
        "cesu8_emoji": (with_raw_text(b"\xed\xa0\xbd\xed\xb8\x80"), "invalid_utf8"),
        "overlong_slash": (with_raw_text(b"\xc0\xaf"), "invalid_utf8"),
        "overlong_nul_modified_utf8": (with_raw_text(b"\xc0\x80"), "invalid_utf8"),
        "beyond_u10ffff": (with_raw_text(b"\xf4\x90\x80\x80"), "invalid_utf8"),
        "truncated_multibyte_at_end": (with_raw_text(b"\xe2\x82", end=b""), "invalid_utf8"),
        "byte_ff": (b"\xff" + post(), "invalid_utf8"),
        "huge_invalid_utf8_2mb": (
            post(text="x" * (2 * MB)).replace(b"xxxx", b"\xc3\x28xx", 1),
            "invalid_utf8",
        ),
        "raw_nul_in_text": (with_field('"text": "a\x00b"'), "invalid_json"),
        "raw_newline_in_text": (with_field('"text": "line one\nline two"'), "invalid_json"),
        "raw_control_in_post_id": (
            f'{{"post_id": "a\x01", "created_at": "{CREATED_AT}"}}'.encode(),
            "invalid_json",
        ),
        "nesting_1000_top_level": (_nested(1000).encode(), "invalid_json"),
        "nesting_100000_top_level": (_nested(100_000).encode(), "invalid_json"),
        "nesting_1000_objects_top_level": (_nested(1000, kind="object").encode(), "invalid_json"),
        "nesting_1000_in_unknown_field": (with_field('"x": ' + _nested(1000)), "invalid_json"),
        "nesting_100000_in_text": (with_field('"text": ' + _nested(100_000, '"ivory"')), "invalid_json"),
        "nesting_100_in_text": (with_field('"text": ' + _nested(100, '"ivory"')), "wrong_type"),
        "number_10mb_digits_unknown_field": (with_field('"x": ' + "7" * (10 * MB)), "invalid_json"),
        "number_10mb_digits_top_level": (b"7" * (10 * MB), "invalid_json"),
        "huge_wrong_type_12mb": (
            _dumps({"post_id": 5, "created_at": CREATED_AT, "text": "x" * (12 * MB)}),
            "wrong_type",
        ),
        "post_id_empty": (_dumps({"post_id": "", "created_at": CREATED_AT}), "invalid_value"),
        "post_id_129_chars": (_dumps({"post_id": "p" * 129, "created_at": CREATED_AT}), "invalid_value"),
        "post_id_129_emoji": (_dumps({"post_id": "🐘" * 129, "created_at": CREATED_AT}), "invalid_value"),
        "post_id_4000_digit_number": (with_field('"post_id": ' + "9" * 4000), "wrong_type"),
        "schema_post_v2": (post(schema="post.v2"), "unsupported_schema"),
        "schema_number_5": (post(schema=5), "unsupported_schema"),
        "schema_empty_string": (post(schema=""), "unsupported_schema"),
        "schema_uppercase": (post(schema="POST.V1"), "unsupported_schema"),
        "schema_list": (post(schema=["post.v1"]), "unsupported_schema"),
    }
    wrong_types: dict[str, list[Any]] = {
        "post_id": [7, 7.5, True, None, {"id": "p"}, ["p"]],
        "created_at": [1763640000, 1.7e9, False, None, {"t": CREATED_AT}, [CREATED_AT]],
        "text": [5, True, {"t": "ivory"}, ["ivory"]],
        "hashtags": ["ivory", 5, {"tag": "ivory"}, [1], [None], [["ivory"]]],
        "lang": [7, ["en"]],
        "author_id": [123, {"id": 1}],
        "transcript": [False, [1.5]],
        "ocr_text": [0, {"frames": []}],
    }
    for field, values in wrong_types.items():
        for value in values:
            label = (
                type(value).__name__ if not isinstance(value, list) else f"list_of_{type(value[0]).__name__}"
            )
            body = {"post_id": f"{tag}-never-decided", "created_at": CREATED_AT, field: value}
            bad[f"wrong_type_{field}_{label}"] = (_dumps(body), "wrong_type")
    bad_times = {
        "no_zone": "2026-11-20T12:00:00",
        "date_only": "2026-11-20",
        "time_only": "12:00:00Z",
        "word_now": "now",
        "empty": "",
        "month_13": "2026-13-01T00:00:00Z",
        "february_30": "2026-02-30T00:00:00Z",
        "hour_24": "2026-11-20T24:00:00Z",
        "year_0000": "0000-01-01T00:00:00Z",
        "year_10000": "10000-01-01T00:00:00Z",
        "offset_24h": "2026-11-20T12:00:00+24:00",
        "dot_without_fraction": "2026-11-20T12:00:00.Z",
        "trailing_space": "2026-11-20T12:00:00Z ",
        "leading_space": " 2026-11-20T12:00:00Z",
        "zone_name": "2026-11-20T12:00:00 UTC",
        "basic_format": "20261120T120000Z",
        "fullwidth_digits": "２０２６-11-20T12:00:00Z",
        "trailing_nul": "2026-11-20T12:00:00Z\x00",
    }
    for name, when in bad_times.items():
        bad[f"created_at_{name}"] = (post(created_at=when), "invalid_value")
    return bad


def _contract_bugs(tag: str) -> dict[str, Nasty]:
    """RFC 3339 corner cases and field names that once slipped through pydantic's lenient parsing; one
    deviation remains and is documented: NaN/Infinity literals in ignored fields are accepted."""
    pid = f"{tag}-leap_second"
    return {
        "created_at_epoch_seconds_string": Nasty(
            _dumps({"post_id": f"{tag}-epoch", "created_at": "1763640000"}),
            "dlq",
            "invalid_value",
        ),
        "created_at_zero_string": Nasty(
            _dumps({"post_id": f"{tag}-zero", "created_at": "0"}),
            "dlq",
            "invalid_value",
        ),
        "created_at_without_seconds": Nasty(
            _dumps({"post_id": f"{tag}-no-seconds", "created_at": "2026-11-20T12:00Z"}),
            "dlq",
            "invalid_value",
        ),
        "created_at_leap_second": Nasty(
            _dumps({"post_id": pid, "created_at": "2016-12-31T23:59:60Z"}),
            "decision",
            post_id=pid,
        ),
        "unknown_field_named_schema_underscore": Nasty(
            _dumps({"post_id": f"{tag}-schema_", "created_at": CREATED_AT, "schema_": "post.v2"}),
            "decision",
            post_id=f"{tag}-schema_",
        ),
        "nan_and_infinity_literals": Nasty(
            f'{{"post_id": "{tag}-nan", "created_at": "{CREATED_AT}", "a": NaN, "b": -Infinity}}'.encode(),
            "dlq",
            "invalid_json",
            known_bug="accepted: pydantic-core reads NaN/Infinity; only harmless in fields that are ignored",
        ),
    }


@cache
def nasty_payloads(tag: str) -> dict[str, Nasty]:
    """The whole corpus: name -> value and expected outcome. Cached: it holds ~50 MB of values."""
    corpus = _valid(tag)
    for name, (value, reason) in _invalid(tag).items():
        corpus[name] = Nasty(value, "dlq", reason)
    corpus.update(_contract_bugs(tag))
    return corpus


Expected = tuple[str, str]  # ("decision", post_id) or ("dlq", reason)


def decoder_says(value: bytes | None) -> Expected:
    """What the service's own decoder makes of a value: the oracle for the property test."""
    try:
        return "decision", decode_event(Post, value).post_id
    except InvalidEvent as error:
        return "dlq", error.reason


def promised(nasty: Nasty) -> Expected:
    """The contract's outcome, or for a known deviation what the service does instead."""
    if nasty.known_bug:
        return decoder_says(nasty.value)
    return ("decision", nasty.post_id) if nasty.post_id is not None else ("dlq", str(nasty.reason))
