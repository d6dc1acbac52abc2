"""Applying evasion tactics to a draft: hashtag-only posts, a second language, disguised item words.

Benign drafts get the same tactics at the same rate, so odd spelling alone never means "violating".
"""

from __future__ import annotations

import random
import re
from collections.abc import Mapping

from training.corpus import evasions
from training.corpus.drafts import SALE_LIKE, Draft
from training.corpus.pools import Pools
from training.corpus.render import Renderer, Segment, hashtagify
from training.corpus.schema import ITEM_SLOTS

# Label -> tactic -> probability per draft. The same for both labels: if evasions were rarer in
# benign posts, the original-text view would learn "odd spelling means violating" and an evaded post
# would score differently from its plain form; the normalised view must carry the decision.
_SAME_RATES = {"hashtag_only": 0.06, "mixed_language": 0.13, "char": 0.4}
RATES = {1: _SAME_RATES, 0: _SAME_RATES}
CHAR_WEIGHTS = {
    "leetspeak": 3.0,
    "spaced_letters": 2.0,
    "dotted_letters": 2.0,
    "masking": 2.0,
    "homoglyphs": 2.0,
    "zero_width": 2.0,
    "diacritics": 1.5,
    "emoji_words": 2.5,
}
# Which second language shows up in posts of a language (English first nearly everywhere).
AFFINITY = {
    "en": ("zh", "es", "fr", "vi", "id", "th", "pt", "de"),
    "zh": ("en", "vi", "th", "id"),
    "vi": ("en", "zh"),
    "th": ("en", "zh"),
    "id": ("en", "zh"),
    "es": ("en", "pt"),
    "pt": ("en", "es"),
    "fr": ("en", "es"),
    "de": ("en", "pl"),
    "pl": ("en", "de"),
    "sv": ("en", "de"),
}
# Not the price: a foreign form would bring a foreign currency along.
MIX_SLOTS = ("offer", "contact", "shipping", "wholesale", "serious")
TAG_SLOTS = ("offer", "wholesale", "quality", "shipping", "solicit", "serious")


def runs(segments: list[Segment]) -> list[tuple[int, int]]:
    """Index ranges of consecutive segments rendered from one template slot."""
    out: list[tuple[int, int]] = []
    start = 0
    for i in range(1, len(segments) + 1):
        if i == len(segments) or segments[i].slot != segments[start].slot or segments[i].slot is None:
            if segments[start].slot is not None:
                out.append((start, i))
            start = i
    return out


def apply_tactics(
    draft: Draft, label: int, lang: str, foreign: Mapping[str, Pools], rng: random.Random
) -> None:
    """Decide and apply this post's tactics, recording them on the draft."""
    rates = RATES[label]
    # A benign post reduced to hashtags keeps only its lawful item when it is a sale; news, NGO or
    # education posts reduced to "#pangolinscales" would be indistinguishable from an offer.
    hashtags_keep_label = label == 1 or draft.register in SALE_LIKE
    if (
        hashtags_keep_label
        and "hashtag_only" not in draft.tactics
        and rng.random() < rates["hashtag_only"]
        and to_hashtags(draft, rng)
    ):
        draft.tactics.append("hashtag_only")
    if foreign and rng.random() < rates["mixed_language"] and mix_language(draft, label, lang, foreign, rng):
        draft.tactics.append("mixed_language")
    if rng.random() < rates["char"] and (name := disguise(draft, rng)):
        draft.tactics.append(name)


def to_hashtags(draft: Draft, rng: random.Random) -> bool:
    """Rewrite the post as hashtags of its item and sales phrases; price and phone stay plain."""
    tags: list[Segment] = []
    plain: list[Segment] = []
    for start, end in runs(draft.segments):
        group = draft.segments[start:end]
        slot = group[0].slot or ""
        targets = [s for s in group if s.inner in draft.targets]
        if targets:
            tags.append(
                Segment(hashtagify("".join(s.text for s in targets)), slot, targets[0].inner, tag=True)
            )
        priced = any(s.inner == "amount" for s in group)
        if slot in TAG_SLOTS and not targets and not priced and rng.random() < 0.7:
            tags.append(Segment(hashtagify("".join(s.text for s in group)), slot, slot, tag=True))
        elif slot == "contact":
            tags += [
                Segment(hashtagify(s.text), slot, "messenger", tag=True)
                for s in group
                if s.inner == "messenger"
            ]
            plain += [s for s in group if s.inner == "phone"]
        elif slot == "price":
            plain += group
    tags = [t for t in tags if t.text]
    if not any(t.inner in draft.targets for t in tags):
        return False
    rng.shuffle(tags)
    segments: list[Segment] = []
    for tag in tags:
        segments += [Segment("#"), tag, Segment(" ")]
    if plain:
        segments.append(Segment("\n"))
        for seg in plain:
            segments += [seg, Segment(" ")]
    draft.segments = segments
    return True


def _foreign_lang(lang: str, foreign: Mapping[str, Pools], rng: random.Random) -> str:
    preferred = [f for f in AFFINITY.get(lang, ("en",)) if f in foreign]
    if preferred and rng.random() < 0.75:
        return preferred[0] if rng.random() < 0.6 else rng.choice(preferred)
    return rng.choice(sorted(foreign))


def mix_language(
    draft: Draft, label: int, lang: str, foreign: Mapping[str, Pools], rng: random.Random
) -> bool:
    """Swap a sales phrase for one in another language, or gloss the item in another language."""
    other = Renderer(foreign[_foreign_lang(lang, foreign, rng)], rng)
    spans = runs(draft.segments)
    trade = [
        (a, b)
        for a, b in spans
        if draft.segments[a].slot in MIX_SLOTS
        and other.pools.families(f"trade.{draft.segments[a].slot}")
        and not draft.segments[a].tag
    ]
    items = [(a, b) for a, b in spans if draft.segments[a].category and not draft.segments[a].tag]
    mode = rng.random()
    if trade and (mode < 0.5 or not items):
        a, b = rng.choice(trade)
        new = other.render("{" + (draft.segments[a].slot or "offer") + "}")
        draft.segments[a:b] = new
    elif items:
        a, b = rng.choice(items)
        category = next(s.category for s in draft.segments[a:b] if s.category)
        other.category = category if other.pools.families(f"items.{category}") else None
        if other.category is None:
            return False
        gloss = other.render("{item}")
        if rng.random() < 0.4:
            draft.segments[a:b] = gloss
        else:
            opening, closing = rng.choice(((" (", ")"), (" (", ")"), (" / ", ""), (" - ", "")))
            draft.segments[b:b] = [Segment(opening), *gloss, Segment(closing)]
    elif label == 1 or draft.register.endswith("_sale"):
        slot = rng.choice(
            [s for s in ("contact", "offer", "serious") if other.pools.families(f"trade.{s}")] or [""]
        )
        if not slot:
            return False
        draft.segments += [Segment(rng.choice((" ", ". ", "\n"))), *other.render("{" + slot + "}")]
    else:
        return False
    draft.families += other.families
    return True


def _weighted_order(rng: random.Random) -> list[str]:
    """Tactic names in a random order biased by weight (weighted sampling without replacement)."""
    draws = {name: rng.random() ** (1 / weight) for name, weight in CHAR_WEIGHTS.items()}
    return sorted(draws, key=lambda name: -draws[name])


def disguise(draft: Draft, rng: random.Random) -> str | None:
    """Apply one character-level tactic to the item words; returns its name if anything changed."""
    targets = [s for s in draft.segments if s.inner in draft.targets and s.text.strip()]
    # A violating post disguises its item; a benign one whatever its subject is (brand, toy, topic).
    targets = [s for s in targets if s.inner in ITEM_SLOTS] or targets
    if not targets:
        return None
    for name in _weighted_order(rng)[:4]:
        evade = evasions.EVASIONS[name]
        changed = False
        for i, seg in enumerate(targets):
            if (seg.tag and name not in evasions.TAG_SAFE) or (i > 0 and rng.random() < 0.3):
                continue
            new = evade(seg.text, rng)
            if seg.tag:  # a tag ends at punctuation: l33t "@" or "$" would cut it short
                new = re.sub(r"[^\w\u200b-\u200d\u2060\ufeff]", "", new)
            if new != seg.text:
                seg.text, changed = new, True
        if changed:
            return name
    return None
