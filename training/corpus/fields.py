"""Turning a draft into the fields of a post: caption, hashtags, video text (OCR) and speech.

Real posts spread their message: the price sits on a video frame, the item only in a hashtag,
the pitch in the voice-over. Each move here happens per example at register-dependent rates.
"""

from __future__ import annotations

import random
import re

from training.corpus import noise
from training.corpus.drafts import Draft
from training.corpus.examples import Example
from training.corpus.render import Segment, cleanup, hashtagify, join
from training.corpus.schema import TACTICS, Lexicon
from training.corpus.tactics import runs

DEFAULT_TAGS = ("fyp", "viral", "foryou", "explore", "trending")
DEFAULT_CONSERVATION = ("EndWildlifeTrafficking", "StopWildlifeCrime", "wildlife", "conservation")
CONSERVATION_REGISTERS = frozenset(("news", "ngo", "press_release", "education", "zoo_safari"))
# A tag starts after whitespace: "iv#ry" (masking) and "Lot #12" are not tags.
TAG = re.compile(r"(?<!\S)#([^\s#.,!?;:()]+)")
# (casual, formal) probabilities.
RATES = {
    "transcript": (0.12, 0.05),
    "ocr": (0.28, 0.12),
    "tags": (0.45, 0.4),
    "recase": (0.22, 0.02),
    "typos": (0.28, 0.04),
    "emoji": (0.45, 0.08),
    "punct": (0.18, 0.02),
    "breaks": (0.2, 0.15),
    "decorate": (0.15, 0.35),
    "item_in_tag": (0.06, 0.0),
}


def _p(name: str, draft: Draft) -> float:
    return RATES[name][1 if draft.formal else 0]


def _take(draft: Draft, slots: tuple[str, ...]) -> list[Segment]:
    """Remove the runs of `slots` from the caption and return them."""
    taken: list[Segment] = []
    for start, end in reversed(runs(draft.segments)):
        if draft.segments[start].slot in slots and not draft.segments[start].tag:
            taken[:0] = [*draft.segments[start:end], Segment("\n")]
            del draft.segments[start:end]
    return taken


def _ocr(draft: Draft, rng: random.Random) -> str | None:
    mode = rng.random()
    carried = [s for s in draft.segments if s.slot in ("price", "contact")]
    if mode < 0.5 and carried:
        text = cleanup(join(_take(draft, ("price", "contact")))).replace("\n", rng.choice(("\n", " | ", " ")))
    elif mode < 0.8:
        # Overlay text like "RAW IVORY 1KG  $800": the subject and the first price.
        subject = [s.text for s in draft.segments if s.inner in draft.targets and not s.tag]
        prices = [draft.segments[a:b] for a, b in runs(draft.segments) if draft.segments[a].slot == "price"]
        text = " ".join([*subject[:1], join(prices[0]) if prices else ""]).strip()
    else:
        text = re.split(r"(?<=[.!?\n])\s", cleanup(join(draft.segments)), maxsplit=1)[0]
    if not text.strip():
        return None
    if rng.random() < 0.5:
        text = text.upper()
    return noise.ocr_noise(text, rng) if rng.random() < 0.3 else text


def _extra_tags(draft: Draft, lex: Lexicon, rng: random.Random) -> list[str]:
    subjects = [hashtagify(s.original) for s in draft.segments if s.inner in draft.targets and not s.tag]
    tags = rng.sample(subjects, min(len(subjects), rng.randint(0, 2)))
    offers = [hashtagify(s.original) for s in draft.segments if s.slot == "offer"]
    if offers and rng.random() < 0.4:
        tags.append(offers[0])
    tags += rng.sample(lex.hashtags or DEFAULT_TAGS, rng.randint(0, 2))
    if draft.register in CONSERVATION_REGISTERS and rng.random() < 0.6:
        tags += rng.sample(lex.conservation_hashtags or DEFAULT_CONSERVATION, rng.randint(1, 2))
    # Some lexicons write their tags with the '#'; the field holds them without.
    return [t.lstrip("#") for t in tags if t.lstrip("#")]


def _noisy(text: str, draft: Draft, rng: random.Random) -> str:
    if rng.random() < _p("breaks", draft):
        text = noise.line_breaks(text, rng, casual=not draft.formal)
    if rng.random() < _p("recase", draft):
        text = noise.recase(text, rng)
    if rng.random() < _p("typos", draft):
        text = noise.typos(text, rng, rng.randint(1, 3))
    if rng.random() < _p("punct", draft):
        text = noise.repeat_punctuation(text, rng)
    if rng.random() < _p("emoji", draft):
        text = noise.sprinkle_emoji(text, rng, draft.animals)
    if rng.random() < _p("decorate", draft):
        text = noise.decorate(text, rng, news=draft.formal)
    return text


def finish(draft: Draft, lex: Lexicon, label: int, split: str, rng: random.Random) -> Example:
    """Spread the draft over caption / hashtags / OCR / transcript and add surface noise."""
    hashtag_post = "hashtag_only" in draft.tactics
    transcript = ocr = None
    if not hashtag_post and rng.random() < _p("transcript", draft):
        spoken = noise.speechify(join(draft.segments, original=True))
        if lex.fillers and rng.random() < 0.5:
            spoken = f"{rng.choice(lex.fillers)} {spoken}"
        transcript = spoken or None
        if transcript and rng.random() < 0.3:
            # The caption only teases; the voice-over carries the offer.
            draft.segments = _take(draft, ("contact", "offer"))
    if rng.random() < _p("ocr", draft):
        ocr = _ocr(draft, rng)
    tags: list[str] = []
    if not hashtag_post and rng.random() < _p("item_in_tag", draft):
        subject = [i for i, s in enumerate(draft.segments) if s.inner in draft.targets and not s.tag]
        if subject:
            i = subject[0]
            tags.append(hashtagify(draft.segments[i].text))
            pointer = rng.choice(("", "", "👇", "⬇️", "👉"))
            draft.segments[i] = Segment(pointer, draft.segments[i].slot, "moved")
    text = cleanup(join(draft.segments))
    inline = TAG.findall(text)
    tags = inline + tags
    if inline and (hashtag_post or rng.random() < 0.5):
        text = cleanup(TAG.sub("", text))
    if rng.random() < _p("tags", draft) or (hashtag_post and not tags):
        tags += _extra_tags(draft, lex, rng)
    text = (
        _noisy(text, draft, rng) if text else (rng.choice(noise.GENERIC_EMOJI) if rng.random() < 0.3 else "")
    )
    return Example(
        text=text,
        hashtags=tuple(dict.fromkeys(t for t in tags if t)),
        ocr_text=ocr,
        transcript=transcript,
        label=label,
        lang=lex.lang,
        category=draft.category,
        register=draft.register,
        template_family=draft.template.id,
        vocab_families=tuple(dict.fromkeys(draft.families)),
        tactics=tuple(t for t in TACTICS if t in draft.tactics),
        split=split,
    )
