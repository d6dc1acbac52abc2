import pytest

from service.model.language import declared_language, dominant_script


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("ivory bangles for sale", "Latin"),
        ("ngà voi nguyên khúc", "Latin"),
        ("老象牙手镯 保真", "Han"),
        ("นอแรดแท้ ของเก่า", "Thai"),
        ("Продаю бивни мамонта", "Cyrillic"),
        ("ivory ivory ivory Продаю", "Latin"),
        ("🐘🐘 123 !!!", None),
        ("", None),
        ("ｉｖｏｒｙ", "Latin"),
    ],
)
def test_dominant_script(text: str, script: str | None) -> None:
    assert dominant_script(text) == script


@pytest.mark.parametrize(
    ("declared", "language"),
    [
        ("pt-BR", "pt"),
        ("ms", "id"),
        ("zh-Hant", "zh"),
        ("EN", "en"),
        ("", None),
        (None, None),
        ("sv_SE", "sv"),
    ],
)
def test_declared_language(declared: str | None, language: str | None) -> None:
    assert declared_language(declared) == language
