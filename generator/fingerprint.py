"""Whether a build has any work to do: a fingerprint of its inputs, compared with the last build's.

Kept apart from the pipeline and light to import: `make serve` runs the generator on every
change of a watched file, and a build that finds nothing changed answers in the time Python
takes to start, without loading the pipeline.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

from generator.site_config import CONFIG_FILES
from generator.write import MANIFEST_NAME, staging_dir

# Where a complete build records the fingerprint of its inputs (see `input_fingerprint`).
INPUTS_FILE = ".generator-inputs"


def _digest(groups: dict[str, tuple[Path, list[str]]]) -> str:
    """A hash of the files of each group, each named relative to its group's folder (the same
    project in another place has the same fingerprint)."""
    digest = hashlib.sha256()
    for label, (base, names) in groups.items():
        for name in names:
            digest.update(f"{label}/{name}".encode("utf-8") + b"\0")
            path = os.path.join(base, name)
            if os.path.isfile(path):
                with open(path, "rb") as stream:
                    digest.update(stream.read())
    return digest.hexdigest()


def _package_files() -> tuple[Path, list[str]]:
    package = Path(__file__).parent
    return package, [p.relative_to(package).as_posix() for p in sorted(package.rglob("*")) if p.suffix in (".py", ".yml", ".j2")]


def _file_names(folder: Path) -> list[str]:
    """The names of the files in `folder`, sorted (`os.scandir`: no `stat` per file, as pathlib needs)."""
    if not folder.is_dir():
        return []
    with os.scandir(folder) as entries:
        return sorted(entry.name for entry in entries if entry.is_file())


def generator_fingerprint() -> str:
    """A hash of the generator itself: its code, data and templates."""
    return _digest({"generator": _package_files()})


def input_fingerprint(seeds_dir: Path, project_dir: Path) -> str:
    """A hash of everything a build reads: the generator itself, its data, the seeds, the configurations.

    Equal fingerprints mean an equal output, so a build can stop before doing any work: an
    editor's `make serve` then finds nothing rewritten and MkDocs rebuilds nothing.
    """
    return _digest({
        "generator": _package_files(),
        "seeds": (seeds_dir, _file_names(seeds_dir)),
        "project": (project_dir, list(CONFIG_FILES.values())),
    })


def unchanged_since_last_build(out_dir: Path, fingerprint: str) -> bool:
    """True if the last complete build read exactly these inputs and its files are all still there.

    Never after an interrupted write (its staging folder is still there): the build finishes it.
    """
    if staging_dir(out_dir).exists():
        return False
    recorded = out_dir / INPUTS_FILE
    manifest = out_dir / MANIFEST_NAME
    if not recorded.is_file() or recorded.read_text(encoding="utf-8").strip() != fingerprint or not manifest.is_file():
        return False
    try:
        owned = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    except (ValueError, KeyError, TypeError):
        return False
    return all((out_dir / path).is_file() for path in owned)
