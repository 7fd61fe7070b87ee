"""The extraction's hot modules compiled to C by Cython, used only while they match their source.

Extraction spends its time in a few modules of plain Python (`HOT_MODULES`). Cython compiles
them unchanged into C extension modules that skip the interpreter's dispatch of each step:
7% fewer instructions an article and about as much more articles a second (BENCHMARKS.md).
Nothing else changes: the source stays the Python that is read, tested and edited. A module
may have Cython declarations beside it (`people.pxd`), which type the attributes of its classes
for the compiled build only; plain Python never reads them.

`make` runs `python -m generator compile`, which builds the modules into the virtual
environment, never into the source tree, and records the SHA-256 of each module's source.
`install`, run when the `generator` package is imported, puts a finder in front of the import
system that loads a compiled module only while its source still has that digest: a module
edited since the last build (or whose declarations were) runs as the Python it now is.
Without Cython or a C compiler nothing is built and everything runs as Python;
`GENERATOR_PURE_PYTHON=1` turns the compiled modules off.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import importlib.util
import json
import os
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

# Where extraction spends its time, measured by stage (BENCHMARKS.md); the rest gains little.
HOT_MODULES = (
    "generator.textkey",
    "generator.patterns",
    "generator.legacy",
    "generator.read",
    "generator.clean",
    "generator.extract.people",
    "generator.extract.places",
    "generator.extract.topics",
    "generator.extract.unmatched",
)

PACKAGE_DIR = Path(__file__).resolve().parent
# Beside the interpreter of the virtual environment: built for it, and gone with it.
BUILD_DIR = Path(sys.prefix) / "generator-compiled"
MANIFEST_NAME = "manifest.json"
PURE_PYTHON_VARIABLE = "GENERATOR_PURE_PYTHON"
EXTENSION_SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]  # ".cpython-311-x86_64-linux-gnu.so"


def source_path(module: str) -> Path:
    """The source file of a module of this package: "generator.extract.people" -> generator/extract/people.py."""
    return PACKAGE_DIR.joinpath(*module.split(".")[1:]).with_suffix(".py")


def build_inputs(module: str) -> list[Path]:
    """What a module's compiled build is made from: its source, and its Cython declarations if it has them."""
    source = source_path(module)
    declarations = source.with_suffix(".pxd")
    return [source, declarations] if declarations.is_file() else [source]


def source_digest(module: str) -> str:
    """The SHA-256 of the module's `build_inputs`: a change to either makes its build stale."""
    digest = hashlib.sha256()
    for path in build_inputs(module):
        digest.update(path.read_bytes())
        digest.update(b"\0" + path.suffix.encode("ascii") + b"\0")
    return digest.hexdigest()


def read_manifest(build_dir: Path) -> dict[str, dict[str, str]]:
    """Module -> {"library": file name in `build_dir`, "digest": of the source it was built from}.

    An unreadable manifest is an empty one: the modules then run as Python.
    """
    try:
        manifest = json.loads((build_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict) or manifest.get("suffix") != EXTENSION_SUFFIX:
        return {}  # built by another Python
    modules = manifest.get("modules")
    return modules if isinstance(modules, dict) else {}


def _library(build_dir: Path, entry: object) -> Path | None:
    """The library that a manifest's `entry` names, if it is one this Python can load and it is there."""
    name = entry.get("library") if isinstance(entry, Mapping) else None
    if not isinstance(name, str) or not name.endswith(EXTENSION_SUFFIX):
        return None
    library = build_dir / name
    return library if library.is_file() else None


def _built_library(build_dir: Path, entry: Mapping[str, str] | None, digest: str) -> Path | None:
    """The library of the manifest's `entry` for a module, if it is there and was built from the source with `digest`."""
    library = _library(build_dir, entry)
    return library if library is not None and entry.get("digest") == digest else None  # type: ignore[union-attr]


class CompiledFinder(importlib.abc.MetaPathFinder):
    """Finds the compiled build of a hot module whose source has not changed since it was built."""

    def __init__(self, build_dir: Path, modules: Mapping[str, Mapping[str, str]]):
        self.build_dir = build_dir
        self.modules = modules

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: object = None) -> importlib.machinery.ModuleSpec | None:
        entry = self.modules.get(fullname)
        if entry is None:
            return None
        try:
            library = _built_library(self.build_dir, entry, source_digest(fullname))
        except OSError:
            return None
        if library is None:
            return None  # edited since the build: the source is imported as usual
        return importlib.util.spec_from_file_location(fullname, library)


def install(build_dir: Path = BUILD_DIR) -> CompiledFinder | None:
    """Put a `CompiledFinder` for the modules built in `build_dir` first among the import system's finders."""
    if os.environ.get(PURE_PYTHON_VARIABLE) or any(isinstance(f, CompiledFinder) for f in sys.meta_path):
        return None
    modules = read_manifest(build_dir)
    if not modules:
        return None
    finder = CompiledFinder(build_dir, modules)
    sys.meta_path.insert(0, finder)
    return finder


def compiled_modules() -> list[str]:
    """The hot modules that run compiled in this process (each is imported to tell)."""
    return [name for name in HOT_MODULES if not importlib.import_module(name).__file__.endswith(".py")]


def build(build_dir: Path = BUILD_DIR, modules: Sequence[str] = HOT_MODULES) -> str:
    """Compile the modules whose source changed since their last build; return what was done, in a sentence.

    The libraries of modules no longer listed, or stale, are removed (this function wrote
    them). A module that does not compile is reported and runs as Python.
    """
    import time  # noqa: PLC0415  (only a build needs it; every import of the package runs `install`)

    manifest = read_manifest(build_dir)
    digests = {module: source_digest(module) for module in modules}
    stale = [m for m in modules if _built_library(build_dir, manifest.get(m), digests[m]) is None]
    outdated = [m for m in manifest if m not in digests or m in stale]
    if not outdated and not stale:
        return f"the {len(modules)} compiled modules are up to date"
    for module in outdated:
        library = _library(build_dir, manifest.pop(module))
        if library:
            library.unlink()
    compiling = bool(stale) and importlib.util.find_spec("Cython") is not None
    started = time.perf_counter()
    build_dir.mkdir(parents=True, exist_ok=True)
    built, errors = _compile(stale, digests, build_dir) if compiling else ({}, "")
    manifest.update(built)
    (build_dir / MANIFEST_NAME).write_text(
        json.dumps({"suffix": EXTENSION_SUFFIX, "modules": manifest}, indent=1, sort_keys=True), encoding="utf-8"
    )
    if stale and not compiling:
        return "Cython is not installed: the generator runs as plain Python"
    done = f"compiled {len(built)} of {len(stale)} changed modules in {time.perf_counter() - started:.0f} s"
    if len(outdated) > len(stale):
        done += f"; removed {len(outdated) - len(stale)} no longer listed"
    failed = [m for m in stale if m not in built]
    if failed:
        return f"{done}; {', '.join(failed)} did not compile and will run as Python:\n{errors}"
    return done


def _compile(modules: Sequence[str], digests: Mapping[str, str], build_dir: Path) -> tuple[dict[str, dict[str, str]], str]:
    """Compile `modules` into `build_dir`: their manifest entries, and the end of Cython's output.

    The sources (with their declarations) are copied into a temporary tree, each module at its
    package path (so that its compiled name is the same), and compiled there by Cython's
    `cythonize`; the libraries are then moved into `build_dir` under names holding their
    source's digest.
    """
    import shutil  # noqa: PLC0415  (see `build`)
    import subprocess  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    built = {}
    with tempfile.TemporaryDirectory(prefix="generator-compile-") as work:
        copies = [Path(work).joinpath(*module.split(".")).with_suffix(".py") for module in modules]
        for module, copy in zip(modules, copies):
            copy.parent.mkdir(parents=True, exist_ok=True)
            for package in [copy.parent, *copy.parent.parents][: module.count(".")]:
                (package / "__init__.py").touch()  # what tells Cython the module's full name
            for path in build_inputs(module):
                shutil.copyfile(path, copy.with_suffix(path.suffix))
        command = [sys.executable, "-m", "Cython.Build.Cythonize", "-i", "-q", "-3", "-k", "-j", str(os.cpu_count() or 1)]
        result = subprocess.run([*command, *map(str, copies)], cwd=work, capture_output=True, text=True)
        for module, copy in zip(modules, copies):
            library = copy.with_name(copy.stem + EXTENSION_SUFFIX)
            if library.is_file():
                name = f"{module}.{digests[module][:16]}{EXTENSION_SUFFIX}"
                shutil.move(library, build_dir / name)
                built[module] = {"library": name, "digest": digests[module]}
    return built, "\n".join((result.stderr or result.stdout).strip().splitlines()[-20:])
