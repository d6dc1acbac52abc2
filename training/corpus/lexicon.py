"""Loading and validating the lexicon YAML files (format: `lexicon/SCHEMA.md`).

Optional keys understood on top of SCHEMA.md (all may be omitted):
`hashtags` (platform tags typical for the language), `conservation_hashtags`, `phone_formats`
(`#` = a digit), `months` (12 names), `date_formats` (`{d} {m} {y} {month}`), `fillers`
(speech fillers for transcripts), `amount_range` ([min, max] for `{amount}`), `thousands_sep`,
and per template `tactics` (evasions the template carries by itself, e.g. `[auction_phrasing]`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from training import yamlfiles
from training.corpus.schema import (
    BENIGN_REGISTERS,
    BENIGN_SLOTS,
    CATEGORIES,
    GENERATED_SLOTS,
    ITEM_SLOTS,
    TACTICS,
    TEMPLATE_SLOTS,
    TRADE_SLOTS,
    VIOLATING_REGISTERS,
    Family,
    Lexicon,
    Template,
    placeholders,
)

DEFAULT_LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
REQUIRED_KEYS = ("lang", "name", "scripts", "currency", "messengers", "places", "organisations")
OPTIONAL_LISTS = ("hashtags", "conservation_hashtags", "phone_formats", "months", "date_formats", "fillers")
SECTIONS = ("items", "code_words", "trade", "benign", "templates", "amount_range", "thousands_sep")
KNOWN_KEYS = frozenset((*REQUIRED_KEYS, *OPTIONAL_LISTS, *SECTIONS))
FORM_SLOTS = frozenset((*GENERATED_SLOTS, "price"))
DATE_SLOTS = frozenset(("d", "m", "y", "month"))


class LexiconError(ValueError):
    """A lexicon file that cannot be used; names the file and the offending key."""

    def __init__(self, path: Path, key: str, message: str) -> None:
        super().__init__(f"{path}: {key}: {message}")
        self.path = path
        self.key = key


class _Reader:
    """Validation helpers bound to one file, collecting non-fatal warnings."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.warnings: list[str] = []
        self.ids: set[str] = set()
        self.lang = path.stem

    def fail(self, key: str, message: str) -> LexiconError:
        return LexiconError(self.path, key, message)

    def warn(self, key: str, message: str) -> None:
        self.warnings.append(f"{self.path.name}: {key}: {message}")

    def strings(self, raw: object, key: str, *, required: bool = True) -> tuple[str, ...]:
        if raw is None and not required:
            return ()
        if not isinstance(raw, list) or not raw:
            raise self.fail(key, "expected a non-empty list of strings")
        for i, value in enumerate(raw):
            if not isinstance(value, str) or not value.strip():
                raise self.fail(f"{key}[{i}]", f"expected a non-empty string, got {value!r}")
        return tuple(raw)

    def mapping(self, raw: object, key: str) -> Mapping[str, Any]:
        if raw is None:
            return {}
        if not isinstance(raw, dict):
            raise self.fail(key, f"expected a mapping, got {type(raw).__name__}")
        return raw

    def check_placeholders(self, text: str, key: str, allowed: Iterable[str]) -> None:
        allowed_set = frozenset(allowed)
        unknown = [name for name in placeholders(text) if name not in allowed_set]
        if unknown:
            raise self.fail(key, f"unknown placeholder {{{unknown[0]}}}; allowed here: {sorted(allowed_set)}")
        if text.count("{") != len(placeholders(text)) or text.count("}") != len(placeholders(text)):
            raise self.fail(key, f"unbalanced or malformed braces in {text!r}")

    def new_id(self, value: object, key: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(f"{key}.id", "missing or empty id")
        if value in self.ids:
            raise self.fail(f"{key}.id", f"duplicate id {value!r} (ids must be unique within the file)")
        if not value.startswith(f"{self.lang}-"):
            self.warn(f"{key}.id", f"{value!r} does not start with '{self.lang}-'")
        self.ids.add(value)
        return value

    def families(self, raw: object, key: str, allowed: frozenset[str]) -> tuple[Family, ...]:
        if raw is None:
            return ()
        if not isinstance(raw, list):
            raise self.fail(key, "expected a list of families ({id, forms})")
        out: list[Family] = []
        for i, entry in enumerate(raw):
            fkey = f"{key}[{i}]"
            if not isinstance(entry, dict):
                raise self.fail(fkey, "expected a mapping with 'id' and 'forms'")
            fid = self.new_id(entry.get("id"), fkey)
            forms = self.strings(entry.get("forms"), f"{fkey}.forms ({fid})")
            for j, form in enumerate(forms):
                self.check_placeholders(form, f"{fkey}.forms[{j}] ({fid})", allowed)
            if "item" in allowed:
                kept = tuple(f for f in forms if "{item}" in f)
                if len(kept) < len(forms):
                    self.warn(fkey, f"{fid}: solicit forms without {{item}} are not used")
                if not kept:
                    continue
                forms = kept
            out.append(Family(fid, forms))
        return tuple(out)

    def grouped(
        self, raw: object, key: str, names: Sequence[str], allowed: frozenset[str]
    ) -> dict[str, tuple[Family, ...]]:
        groups = self.mapping(raw, key)
        out: dict[str, tuple[Family, ...]] = {}
        for name in sorted(groups):
            if name not in names:
                raise self.fail(f"{key}.{name}", f"unknown id {name!r}; expected one of {list(names)}")
            # Only solicit forms embed the item ("want to buy {item}").
            extra = frozenset(("item",)) if f"{key}.{name}" == "trade.solicit" else frozenset()
            fams = self.families(groups[name], f"{key}.{name}", allowed | extra)
            if fams:
                out[name] = fams
        return out

    def templates(self, raw: object) -> tuple[Template, ...]:
        sections = self.mapping(raw, "templates")
        out: list[Template] = []
        for section, label, registers in (
            ("violating", 1, VIOLATING_REGISTERS),
            ("benign", 0, BENIGN_REGISTERS),
        ):
            entries = sections.get(section) or []
            if not isinstance(entries, list):
                raise self.fail(f"templates.{section}", "expected a list of templates")
            for i, entry in enumerate(entries):
                tkey = f"templates.{section}[{i}]"
                if not isinstance(entry, dict):
                    raise self.fail(tkey, "expected a mapping with id, register, text")
                tid = self.new_id(entry.get("id"), tkey)
                register = entry.get("register")
                if not isinstance(register, str) or register not in registers:
                    raise self.fail(f"{tkey}.register ({tid})", f"{register!r} is not a {section} register")
                text = entry.get("text")
                if not isinstance(text, str) or not text.strip():
                    raise self.fail(f"{tkey}.text ({tid})", "missing or empty text")
                self.check_placeholders(text, f"{tkey}.text ({tid})", TEMPLATE_SLOTS)
                tactics = self.strings(entry.get("tactics"), f"{tkey}.tactics ({tid})", required=False)
                for tactic in tactics:
                    if tactic not in TACTICS:
                        raise self.fail(f"{tkey}.tactics ({tid})", f"unknown tactic {tactic!r}")
                slots = set(placeholders(text))
                if label == 1 and not slots & {*ITEM_SLOTS, "solicit"}:
                    self.warn(tkey, f"{tid}: violating template without an item slot is not used")
                    continue
                out.append(Template(tid, register, text, label, tactics))
        return tuple(out)


def load_lexicon(path: Path) -> Lexicon:
    """Parse and validate one lexicon file; raises LexiconError naming the file and key."""
    reader = _Reader(path)
    try:
        raw = yamlfiles.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise reader.fail("<file>", f"cannot read YAML: {exc}") from exc
    top = reader.mapping(raw, "<top level>")
    for key in REQUIRED_KEYS:
        if key not in top:
            raise reader.fail(key, "required key is missing")
    if top["lang"] != path.stem:
        raise reader.fail("lang", f"{top['lang']!r} does not match the file name {path.name!r}")
    if not isinstance(top["name"], str):
        raise reader.fail("name", "expected a string")
    for key in sorted(set(top) - KNOWN_KEYS):
        reader.warn(key, "unknown top-level key (ignored)")
    currency = reader.strings(top["currency"], "currency")
    for i, fmt in enumerate(currency):
        reader.check_placeholders(fmt, f"currency[{i}]", ("amount",))
    opt = {key: reader.strings(top.get(key), key, required=False) for key in OPTIONAL_LISTS}
    for i, fmt in enumerate(opt["date_formats"]):
        reader.check_placeholders(fmt, f"date_formats[{i}]", DATE_SLOTS)
    if opt["months"] and len(opt["months"]) != 12:
        raise reader.fail("months", f"expected 12 month names, got {len(opt['months'])}")
    amount_range = top.get("amount_range", [10, 20000])
    if (
        not isinstance(amount_range, list)
        or len(amount_range) != 2
        or not all(isinstance(v, int) and v > 0 for v in amount_range)
        or amount_range[0] >= amount_range[1]
    ):
        raise reader.fail("amount_range", "expected [min, max] positive integers with min < max")
    sep = top.get("thousands_sep", ",")
    if not isinstance(sep, str):
        raise reader.fail("thousands_sep", "expected a string")
    return Lexicon(
        lang=path.stem,
        name=top["name"],
        path=path,
        scripts=reader.strings(top["scripts"], "scripts"),
        currency=currency,
        messengers=reader.strings(top["messengers"], "messengers"),
        places=reader.strings(top["places"], "places"),
        organisations=reader.strings(top["organisations"], "organisations"),
        items=reader.grouped(top.get("items"), "items", CATEGORIES, FORM_SLOTS),
        code_words=reader.grouped(top.get("code_words"), "code_words", CATEGORIES, FORM_SLOTS),
        trade=reader.grouped(top.get("trade"), "trade", TRADE_SLOTS, FORM_SLOTS),
        benign=reader.grouped(top.get("benign"), "benign", BENIGN_SLOTS, FORM_SLOTS),
        templates=reader.templates(top.get("templates")),
        hashtags=opt["hashtags"],
        conservation_hashtags=opt["conservation_hashtags"],
        phone_formats=opt["phone_formats"],
        months=opt["months"],
        date_formats=opt["date_formats"],
        fillers=opt["fillers"],
        amount_range=(amount_range[0], amount_range[1]),
        thousands_sep=sep,
        warnings=tuple(reader.warnings),
    )


def lexicon_files(lexicon_dir: Path | None = None) -> dict[str, Path]:
    """`<lang>.yaml` files present, by language code, in sorted order."""
    root = lexicon_dir or DEFAULT_LEXICON_DIR
    return {p.stem: p for p in sorted(root.glob("*.yaml"))}


def load_lexicons(
    lexicon_dir: Path | None = None, languages: Iterable[str] | None = None
) -> dict[str, Lexicon]:
    """Load and validate the requested lexicons (all present files when `languages` is None)."""
    files = lexicon_files(lexicon_dir)
    wanted = sorted(files) if languages is None else list(languages)
    out: dict[str, Lexicon] = {}
    for lang in wanted:
        if lang not in files:
            missing = (lexicon_dir or DEFAULT_LEXICON_DIR) / f"{lang}.yaml"
            raise LexiconError(missing, "<file>", "lexicon file not found")
        out[lang] = load_lexicon(files[lang])
    return out


def load_valid_lexicons(lexicon_dir: Path | None = None) -> tuple[dict[str, Lexicon], list[LexiconError]]:
    """Every lexicon that validates, plus the errors of those that do not (work in progress)."""
    good: dict[str, Lexicon] = {}
    errors: list[LexiconError] = []
    for lang, path in lexicon_files(lexicon_dir).items():
        try:
            good[lang] = load_lexicon(path)
        except LexiconError as exc:
            errors.append(exc)
    return good, errors
