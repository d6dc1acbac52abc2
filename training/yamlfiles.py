"""YAML parsed by libyaml's C parser where PyYAML was built with it (the wheels are).

The corpus lexicons are a few MB of YAML: the pure-Python parser took ~9 s of every dataset build,
libyaml takes under one. Both build the same plain values (the dataset's content hash says so).
"""

from __future__ import annotations

from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    return yaml.load(text, Loader=_LOADER)
