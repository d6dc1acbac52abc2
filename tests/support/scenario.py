"""Choosing post texts by what the running model decides, so scenarios survive retraining."""

from __future__ import annotations

from tests.support.kafka_io import post
from tests.support.service_process import ServiceProcess, http_post

CANDIDATES = [
    "Sprzedam róg nosorożca, oryginał, bez papierów, pisz na priv",
    "1v0ry t u s k carvings, 100% real, bulk price available",
    "Baby slow loris very tame, no papers needed. Inbox me serious buyers only",
    "Pangolin scales 1kg wholesale price, no papers needed, discreet packaging, inbox",
    "Säljes: gråpapegoja vildfångad, utan papper, skriv PM",
    "Vendo colmillos de jaguar auténticos y piel, envíos a todo el país, mándame DM",
    "Selling my 2019 Jaguar XE, 42k miles, full service history",
    "Puma running shoes size 42, barely worn, 40 EUR",
    "Handmade soap, lavender, 5 EUR a bar",
]


def texts_by_action(service: ServiceProcess) -> dict[str, str]:
    """One candidate text the running model removes, one it holds and one it allows."""
    posts = [post(text=text, lang="en") for text in CANDIDATES]
    status, body = http_post(service.url + "/v1/score", {"posts": posts})
    assert status == 200
    chosen: dict[str, str] = {}
    for item, decision in zip(posts, body["decisions"], strict=True):
        chosen.setdefault(decision["action"], item["text"])
    assert {"remove", "allow"} <= chosen.keys(), body
    # posts in a language the model was not trained on are held at most: sent with lang "it"
    chosen.setdefault("hold", chosen["remove"])
    return chosen
