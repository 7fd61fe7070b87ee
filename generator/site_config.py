"""The few facts of the MkDocs configurations that generated pages need, read from them.

Canonical addresses (QR codes, feeds, link previews) need the published `site_url`, and the
preview images need the site's name, in each language. They are read from `mkdocs.yml` and
`mkdocs.en.yml` so that an editor changes them in one place. Only plain keys are read;
the English file inherits what it does not set (MkDocs' `INHERIT`).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from generator.yamlload import load_yaml

CONFIG_FILES = {"vi": "mkdocs.yml", "en": "mkdocs.en.yml"}


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """What the generator knows of the published site, per language."""

    home_url: str
    """The root of the whole published site, ending in "/": "https://example.github.io/doi-ngoai/"."""
    site_names: dict[str, str]
    organisations: dict[str, str]

    def url(self, lang_root: str, page_url: str) -> str:
        """The absolute address of a page: (root "en/", "people/x/") -> "<home>en/people/x/"."""
        return f"{self.home_url}{lang_root}{page_url}"


def _read(path: Path) -> dict:
    try:
        data = load_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as error:
        raise ValueError(f"{path}: cannot read the site configuration: {error}") from None
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected keys and values")
    return data


def load_site_config(project_dir: Path) -> SiteConfig:
    """Read both configurations in `project_dir`; a missing key is a ValueError naming the file."""
    configs = {}
    for lang, name in CONFIG_FILES.items():
        data = _read(project_dir / name)
        if lang != "vi":
            base = configs["vi"]
            data = {**base, **data, "extra": {**base.get("extra", {}), **data.get("extra", {})}}
        configs[lang] = data
    vi = configs["vi"]
    home_url = vi.get("extra", {}).get("home_url") or vi.get("site_url")
    if not home_url:
        raise ValueError(f"{project_dir / CONFIG_FILES['vi']}: set `site_url` (the published address of the site)")
    return SiteConfig(
        home_url=home_url if home_url.endswith("/") else home_url + "/",
        site_names={lang: str(c.get("site_name", "")) for lang, c in configs.items()},
        organisations={lang: str(c.get("extra", {}).get("organisation", "")) for lang, c in configs.items()},
    )
