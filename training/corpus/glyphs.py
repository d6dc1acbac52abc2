"""Character tables for the evasion tactics: l33t digits, lookalike letters, accents, invisible
characters, and the emoji that stand in for animal words in the 11 corpus languages."""

from __future__ import annotations

LEET = {"a": "4@", "e": "3", "i": "1!", "o": "0", "s": "5$", "t": "7", "g": "9", "l": "1", "b": "8", "z": "2"}
# Latin letter -> Cyrillic/Greek letters that render the same ("і" is Cyrillic, "ο" Greek).
_HOMOGLYPH_PAIRS = (
    "a:а e:е o:оο p:р c:с x:х i:іι y:у j:ј s:ѕ v:ν n:η u:υ k:κ "
    "A:АΑ B:ВΒ C:С E:ЕΕ H:НΗ I:І K:КΚ M:МΜ O:ОΟ P:РΡ T:ТΤ X:ХΧ"
)
HOMOGLYPHS = dict(pair.split(":") for pair in _HOMOGLYPH_PAIRS.split())
_ACCENT_PAIRS = "a:áàäâã e:éèëê i:íìïî o:óòöôõ u:úùüû y:ýÿ n:ñ c:ç A:ÁÀÄÂ E:ÉÈËÊ I:ÍÏ O:ÓÖÔ U:ÚÜ"
ACCENTS = dict(pair.split(":") for pair in _ACCENT_PAIRS.split())
ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")

# Longer keys come first (see EMOJI_WORDS) so "tê giác" beats shorter overlaps; case-insensitive.

ELEPHANT = ("🐘", "🐘", "🐘🦷")
RHINO = ("🦏",)
TIGER = ("🐅", "🐯")
PARROT = ("🦜",)
TURTLE = ("🐢",)
TOOTH = ("🦷",)
MONKEY = ("🐒", "🦧")
SHARK = ("🦈",)
BEAR = ("🐻",)

_TABLE: dict[tuple[str, ...], tuple[str, ...]] = {
    # English
    ("elephant", "ivory", "mammoth"): ELEPHANT,
    ("rhinoceros", "rhino"): RHINO,
    ("tiger",): TIGER,
    ("lion",): ("🦁",),
    ("leopard", "cheetah", "jaguar"): ("🐆",),
    ("parrot", "cockatoo", "macaw", "african grey"): PARROT,
    ("tortoise", "turtle", "hawksbill"): TURTLE,
    ("tusk", "tooth", "teeth", "fang"): TOOTH,
    ("monkey", "macaque", "orangutan", "chimp", "loris", "gibbon", "marmoset"): MONKEY,
    ("shark",): SHARK,
    ("bear",): BEAR,
    ("python", "cobra", "snake"): ("🐍",),
    ("crocodile",): ("🐊",),
    ("monitor", "lizard", "iguana", "gecko", "komodo"): ("🦎",),
    # Chinese
    ("象牙", "大象"): ELEPHANT,
    ("犀牛角", "犀角", "犀牛"): RHINO,
    ("老虎", "虎"): TIGER,
    ("鹦鹉",): PARROT,
    ("玳瑁", "乌龟", "龟"): TURTLE,
    ("猴", "懒猴"): MONKEY,
    ("鲨鱼", "鱼翅"): SHARK,
    ("熊",): BEAR,
    # Vietnamese
    ("ngà voi", "voi"): ELEPHANT,
    ("tê giác",): RHINO,
    ("hổ", "cọp"): TIGER,
    ("vẹt",): PARROT,
    ("đồi mồi", "rùa"): TURTLE,
    ("khỉ", "cu li"): MONKEY,
    ("cá mập",): SHARK,
    ("gấu",): BEAR,
    # Thai
    ("งาช้าง", "ช้าง"): ELEPHANT,
    ("นอแรด", "แรด"): RHINO,
    ("เสือ",): TIGER,
    ("นกแก้ว",): PARROT,
    ("กระดองเต่า", "เต่า"): TURTLE,
    ("ลิง", "ลิงลม"): MONKEY,
    ("ฉลาม", "หูฉลาม"): SHARK,
    ("หมี",): BEAR,
    # Indonesian / Malay
    ("gading", "gajah"): ELEPHANT,
    ("cula badak", "badak"): RHINO,
    ("harimau", "macan"): TIGER,
    ("kakatua", "burung nuri", "nuri"): PARROT,
    ("penyu", "kura-kura", "sisik"): TURTLE,
    ("monyet", "kukang", "lutung"): MONKEY,
    ("hiu",): SHARK,
    ("beruang",): BEAR,
    # Spanish, Portuguese, French
    ("marfil", "marfim", "ivoire", "elefante", "éléphant", "elephant"): ELEPHANT,
    ("rinoceronte", "rhinocéros"): RHINO,
    ("tigre",): TIGER,
    ("loro", "guacamayo", "papagaio", "arara", "perroquet", "cacatúa", "cacatua"): PARROT,
    ("tortuga", "tartaruga", "tortue", "carey"): TURTLE,
    ("mono", "macaco", "singe"): MONKEY,
    ("tiburón", "tubarão", "requin"): SHARK,
    ("oso", "urso", "ours"): BEAR,
    # German, Polish, Swedish
    ("elfenbein", "elefant", "kość słoniowa", "słoń", "elfenben"): ELEPHANT,
    ("nashorn", "nosorożec", "noshörning", "rhinozeros"): RHINO,
    ("tygrys",): TIGER,
    ("papagei", "papuga", "papegoja", "kakadu"): PARROT,
    ("schildkröte", "żółw", "sköldpadda"): TURTLE,
    ("affe", "małpa", "apa"): MONKEY,
    ("rekin", "haj"): SHARK,
    ("bär", "niedźwiedź", "björn"): BEAR,
}

EMOJI_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = tuple(
    sorted(
        ((word, emoji) for words, emoji in _TABLE.items() for word in words),
        key=lambda pair: (-len(pair[0]), pair[0]),
    )
)
