"""Shared fixtures: the project's real seeds, and a site built from them in a temporary copy."""

from __future__ import annotations

import json
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
PROJECT_PARTS = ("mkdocs.yml", "overrides", "seeds")


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


def copy_project(target: Path) -> Path:
    """Copy the parts of the project a build needs into `target` (hand-written docs pages included)."""
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
    return target


def build_site(root: Path) -> BuiltSite:
    """Run the generator and a strict MkDocs build in the project copy at `root`."""
    run([sys.executable, "-m", "generator", "build"], cwd=root)
    result = run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=root)
    return BuiltSite(root=root, docs=root / "docs", site=root / "site", mkdocs_log=result.stderr)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> BuiltSite:
    """The seeds built once per test session into a temporary project copy."""
    return build_site(copy_project(tmp_path_factory.mktemp("project")))


@pytest.fixture(scope="session")
def seed_paths() -> list[Path]:
    paths = sorted(SEEDS.glob("*.txt"))
    assert len(paths) >= 5, "the five built-in seed articles are missing from seeds/"
    return paths
