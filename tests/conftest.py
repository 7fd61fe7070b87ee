"""Shared fixtures: the project's real seeds, and a site built from them in a temporary copy."""

from __future__ import annotations

import json
import re
import socket
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.write import MANIFEST_NAME

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
# What a project copy needs to build: configuration, theme overrides, hand-written pages, articles.
PROJECT_PARTS = ("mkdocs.yml", "mkdocs.en.yml", "overrides", "seeds")


@dataclass(frozen=True)
class BuiltSite:
    """A temporary copy of the project after `python -m generator build` and `mkdocs build --strict`."""

    root: Path
    docs: Path
    site: Path
    mkdocs_log: str


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess:
    """Run a command of the project's virtualenv in `cwd`; fail the test with its output if it fails."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        pytest.fail(f"{' '.join(args)} exited {result.returncode}\n{result.stdout}\n{result.stderr}")
    return result


def copy_project(target: Path, site_url: str | None = None) -> Path:
    """Copy the parts of the project a build needs into `target` (hand-written docs pages included).

    `site_url` replaces the published address in both configurations, for a copy served locally.
    """
    for part in PROJECT_PARTS:
        source = ROOT / part
        if source.is_dir():
            shutil.copytree(source, target / part)
        else:
            shutil.copy2(source, target / part)
    docs = ROOT / "docs"
    manifest = docs / MANIFEST_NAME
    generated = set(json.loads(manifest.read_text(encoding="utf-8"))["files"]) if manifest.exists() else set()
    for path in sorted(docs.rglob("*")) if docs.is_dir() else []:
        relative = path.relative_to(docs).as_posix()
        if path.is_file() and path != manifest and relative not in generated:
            (target / "docs" / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / "docs" / relative)
    if site_url:
        set_site_url(target, site_url)
    return target


def set_site_url(root: Path, site_url: str) -> None:
    """Point both configurations of the project at `root` to `site_url` (the English one at `<site_url>en/`)."""
    published = re.search(r"^site_url: (\S+)$", (root / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
    for name in ("mkdocs.yml", "mkdocs.en.yml"):
        config = root / name
        config.write_text(config.read_text(encoding="utf-8").replace(published, site_url), encoding="utf-8")


def build_site(root: Path) -> BuiltSite:
    """Run the generator, strict MkDocs builds of both languages and the search indexer, as `make build` does."""
    run([sys.executable, "-m", "generator", "build"], cwd=root)
    vietnamese = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root)
    english = run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", "mkdocs.en.yml"], cwd=root)
    run([sys.executable, "-m", "pagefind", "--site", "site", "--quiet"], cwd=root)
    return BuiltSite(root=root, docs=root / "docs", site=root / "site", mkdocs_log=vietnamese.stderr + english.stderr)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The seeds built once per test session into a temporary project copy."""
    return build_site(copy_project(tmp_path_factory.mktemp("project")))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass(frozen=True)
class ServedSite:
    """A built project copy whose site_url is the local address it is served on."""

    built: BuiltSite
    base: str


@pytest.fixture(scope="session")
def served_site(tmp_path_factory: pytest.TempPathFactory):
    """The seeds built for, and served on, one 127.0.0.1 address for the whole session.

    The pages name their own absolute address (canonical, hreflang), and Material's script
    fetches sitemaps from the hreflang addresses: served where it was built for, the site's
    own origin is the only host a browser may talk to.
    """
    from browser import serve

    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    built = build_site(copy_project(tmp_path_factory.mktemp("served"), site_url=base))
    with serve(built.site, port=port):
        yield ServedSite(built=built, base=base)


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) >= 5, "the five built-in seed articles are missing from seeds/"
    return paths
