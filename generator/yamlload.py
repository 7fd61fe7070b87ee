"""Reading YAML: with libyaml's parser where PyYAML was built with it, else PyYAML's own.

The data files (people, places, glossary, labels…) are read on every build, and PyYAML's
pure-Python parser took a fifth of a second of it; libyaml's reads the same documents into
the same values about ten times as fast. Both are safe loaders: plain data, no Python objects.
"""

from __future__ import annotations

from typing import Any

import yaml

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def load_yaml(text: str) -> Any:
    """The plain data of a YAML document, as `yaml.safe_load` reads it (raises `yaml.YAMLError`)."""
    return yaml.load(text, Loader=_SAFE_LOADER)
