"""Choosing a template for a planned example and rendering its first draft."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from training.corpus.pools import TRAFFICKING_ONLY, Pools, fits, item_kind
from training.corpus.render import Renderer, Segment
from training.corpus.schema import BENIGN_SLOTS, ITEM_SLOTS, VIOLATING_REGISTERS, Template

VIOLATING_WEIGHTS = {
    "classified_ad": 1.3,
    "social_caption": 1.3,
    "hashtag_only": 0.6,
    "auction_listing": 0.7,
    "comment": 0.8,
    "solicitation": 0.9,
    "chat": 0.8,
    "live_animal_ad": 1.6,
}
FORMAL = frozenset(("news", "ngo", "press_release", "education", "auction_listing"))
SALE_LIKE = frozenset(
    (
        "classified_ad",
        "social_caption",
        "live_animal_ad",
        "lookalike_sale",
        "lawful_animal_sale",
        "lawful_product_sale",
        "ordinary_sale",
    )
)
EXTRA_VIOLATING = ("quality", "shipping", "price", "contact", "wholesale", "serious", "discreet", "no_papers")
EXTRA_BENIGN = ("shipping", "price", "contact", "wholesale", "serious", "offer")
BULLETS = ("- ", "• ", "✅ ", "✔️ ", "🔸 ", "* ", "➡️ ")
# Benign register -> (slot that replaces the item in a violating frame, item kinds it can stand in for).
SWAP_TARGETS: dict[str, tuple[str | None, tuple[str, ...]]] = {
    "lookalike_sale": ("benign.lookalike", ("any", "part")),
    "lawful_product_sale": ("benign.lawful_product", ("any", "part")),
    "lawful_animal_sale": ("benign.lawful_animal", ("any", "live")),
    "ordinary_sale": ("benign.ordinary_goods", ("any", "part")),
    "comment": (None, ("any", "part")),
}
# Share of benign sale posts rendered from a violating frame with a lawful good: minimal pairs that make
# the item, not the sales phrasing, decide the label.
SWAP_SHARE = 0.35
CATEGORY_EMOJI = {
    "ivory": ("🐘", "🦷"),
    "rhino_horn": ("🦏",),
    "pangolin_scales": ("🐉",),
    "big_cat_parts": ("🐅", "🐯", "🐆"),
    "bear_bile": ("🐻",),
    "hornbill_casque": ("🐦",),
    "turtle_shell": ("🐢",),
    "shahtoosh": ("🧣",),
    "totoaba_maw": ("🐟",),
    "shark_fin": ("🦈",),
    "wildlife_medicine": ("💊", "🍷"),
    "live_primate": ("🐒", "🦧"),
    "live_slow_loris": ("🐒",),
    "live_big_cat": ("🐅", "🦁", "🐆"),
    "live_parrot": ("🦜",),
    "live_tortoise": ("🐢",),
    "live_pangolin": ("🦔",),
    "live_reptile": ("🦎", "🐍", "🐊"),
}
BENIGN_EMOJI = {
    "lawful_animal_sale": ("🐶", "🐱", "🐦", "🐠", "🐾"),
    "zoo_safari": ("🐘", "🦏", "🐅", "🦁", "🦒"),
    "art": ("🎨", "🐘", "🐅"),
    "lawful_product_sale": ("🐘", "🧸", "🐅"),
    "ngo": ("🐘", "🦏", "🌍", "💚"),
}


@dataclass
class Draft:
    """A rendered post before tactics, field splitting and noise."""

    segments: list[Segment]
    template: Template
    register: str
    category: str
    families: list[str]
    targets: frozenset[str]  # segment `inner` names the evasions aim at
    animals: tuple[str, ...]
    tactics: list[str] = field(default_factory=list)

    @property
    def formal(self) -> bool:
        return self.register in FORMAL


def violating_options(pools: Pools, category: str) -> dict[str, list[Template]]:
    """Templates of this split that can carry `category`, by register."""
    out = {}
    for register in VIOLATING_REGISTERS:
        fitting = [t for t in pools.templates.get((1, register), ()) if fits(t, category)]
        if fitting:
            out[register] = fitting
    return out


def swap_frames(pools: Pools, register: str) -> list[Template]:
    """Violating templates of this split that can carry a lawful good for a benign register."""
    if register not in SWAP_TARGETS:
        return []
    kinds = SWAP_TARGETS[register][1]
    allowed: tuple[str, ...] = (
        ("comment", "chat", "solicitation") if register == "comment" else VIOLATING_REGISTERS
    )
    # Antique lots only carry lawful curios; captions praising a remedy fit no phone or bike.
    skip = {"auction_listing"} if register != "lawful_product_sale" else set()
    if register == "ordinary_sale":
        skip.add("social_caption")
    frames = []
    for reg in allowed:
        if reg in skip:
            continue
        frames += [
            t
            for t in pools.templates.get((1, reg), ())
            if item_kind(t) in kinds and t.id in pools.cue_free_templates
        ]
    return frames


def benign_available(pools: Pools, register: str) -> bool:
    return bool(pools.templates.get((0, register))) or bool(swap_frames(pools, register))


def _add_extras(
    renderer: Renderer, segments: list[Segment], slots: tuple[str, ...], rng: random.Random
) -> None:
    """Append a short bullet list of sales lines: long posts read like this."""
    bullet = rng.choice(BULLETS)
    present = {s.slot for s in segments}  # a bullet repeating the caption reads like a bug
    options = [s for s in slots if s not in present and renderer.pools.families(f"trade.{s}")]
    for slot in rng.sample(options, min(len(options), rng.randint(2, 4))):
        segments.append(Segment("\n" + bullet))
        segments.extend(renderer.render("{" + slot + "}"))


def draft_violating(pools: Pools, category: str, rng: random.Random) -> Draft:
    options = violating_options(pools, category)
    registers = sorted(options)
    register = rng.choices(registers, [VIOLATING_WEIGHTS[r] for r in registers])[0]
    template = rng.choice(options[register])
    code = bool(pools.families(f"code_words.{category}")) and rng.random() < 0.2
    renderer = Renderer(pools, rng, category=category, code_words=code)
    segments = renderer.render(template.text)
    if register in SALE_LIKE and rng.random() < 0.3:
        _add_extras(renderer, segments, EXTRA_VIOLATING, rng)
    draft = Draft(
        segments,
        template,
        register,
        category,
        renderer.families,
        frozenset(ITEM_SLOTS),
        CATEGORY_EMOJI[category],
    )
    if renderer.used_code:
        draft.tactics.append("code_words")
    if register == "auction_listing" or "auction_phrasing" in template.tactics:
        draft.tactics.append("auction_phrasing")
    if register == "hashtag_only":
        draft.tactics.append("hashtag_only")
    return draft


def draft_benign(pools: Pools, register: str, rng: random.Random) -> Draft:
    own = list(pools.templates.get((0, register), ()))
    frames = swap_frames(pools, register)
    targets = frozenset((*ITEM_SLOTS, *BENIGN_SLOTS))
    if frames and (not own or rng.random() < SWAP_SHARE):
        template = rng.choice(frames)
        slot = SWAP_TARGETS[register][0] or rng.choice(
            ("benign.lookalike", "benign.ordinary_goods", "benign.lawful_product")
        )
        renderer = Renderer(pools, rng, item_override=slot, drop=TRAFFICKING_ONLY)
    else:
        template = rng.choice(own)
        code = register in ("news", "ngo", "education") and rng.random() < 0.08
        renderer = Renderer(pools, rng, code_words=code)
    segments = renderer.render(template.text)
    if register in SALE_LIKE and rng.random() < 0.3:
        _add_extras(renderer, segments, EXTRA_BENIGN, rng)
    draft = Draft(
        segments, template, register, register, renderer.families, targets, BENIGN_EMOJI.get(register, ())
    )
    if renderer.used_code:
        draft.tactics.append("code_words")
    if template.register == "auction_listing" or "auction_phrasing" in template.tactics:
        draft.tactics.append("auction_phrasing")
    if template.register == "hashtag_only":
        draft.tactics.append("hashtag_only")
    return draft
