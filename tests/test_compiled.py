"""The compiled hot modules: built from the source as it is, used only while it is, and equal to it.

Every other test imports the modules as `make` left them (compiled, when a C compiler was
there); these check the build and the finder, and that compiled and pure Python extract the
same articles to the last field.
"""

from __future__ import annotations

import importlib.machinery
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import compiled

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from synthetic import DEFAULT_SEED, generate_corpus  # noqa: E402  (benchmarks/synthetic.py)

ROOT = Path(__file__).resolve().parent.parent
UNDER_CI = os.environ.get("CI") == "true"
# Articles of the synthetic corpus extracted both ways: their people, places and topics vary.
SYNTHETIC_ARTICLES = 300
# The smallest module of the package: it compiles in seconds.
SMALL_MODULE = "generator.yamlload"


def _require_compiler() -> None:
    """Skip without a C compiler, except under CI, where the project is meant to run compiled."""
    if shutil.which(os.environ.get("CC", "cc")) is None and not UNDER_CI:
        pytest.skip("no C compiler: the generator runs as plain Python here")


def _python(code: str, *args: str, **env: str) -> str:
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    assert result.returncode == 0, result.stderr
    return result.stdout


def _manifest_entry(build_dir: Path, module: str, digest: str) -> Path:
    """A manifest in `build_dir` for `module` built from a source with `digest`, and its (empty) library."""
    library = build_dir / f"{module}.test{compiled.EXTENSION_SUFFIX}"
    library.write_bytes(b"")
    (build_dir / compiled.MANIFEST_NAME).write_text(json.dumps({
        "suffix": compiled.EXTENSION_SUFFIX, "modules": {module: {"library": library.name, "digest": digest}},
    }), encoding="utf-8")
    return library


def test_the_finder_offers_the_library_only_while_the_source_has_the_digest_it_was_built_from(tmp_path):
    library = _manifest_entry(tmp_path, SMALL_MODULE, compiled.source_digest(SMALL_MODULE))
    finder = compiled.CompiledFinder(tmp_path, compiled.read_manifest(tmp_path))
    spec = finder.find_spec(SMALL_MODULE, None)
    assert spec is not None and spec.origin == str(library)
    assert isinstance(spec.loader, importlib.machinery.ExtensionFileLoader)
    assert finder.find_spec("generator.model", None) is None  # not built: imported as usual

    _manifest_entry(tmp_path, SMALL_MODULE, "0" * 64)  # the source changed since
    assert compiled.CompiledFinder(tmp_path, compiled.read_manifest(tmp_path)).find_spec(SMALL_MODULE, None) is None


def test_a_modules_cython_declarations_are_part_of_what_its_build_is_made_from(tmp_path, monkeypatch):
    monkeypatch.setattr(compiled, "PACKAGE_DIR", tmp_path)
    source, declarations = tmp_path / "scan.py", tmp_path / "scan.pxd"
    source.write_text("class Scan:\n    def __init__(self, text):\n        self.text = text\n", encoding="utf-8")
    assert compiled.build_inputs("generator.scan") == [source]
    alone = compiled.source_digest("generator.scan")

    declarations.write_text("cdef class Scan:\n    cdef public object text\n", encoding="utf-8")
    assert compiled.build_inputs("generator.scan") == [source, declarations]
    declared = compiled.source_digest("generator.scan")
    declarations.write_text("cdef class Scan:\n    cdef public str text\n", encoding="utf-8")
    assert len({alone, declared, compiled.source_digest("generator.scan")}) == 3  # each change makes the build stale


def test_a_manifest_of_another_python_or_unreadable_is_no_manifest(tmp_path):
    (tmp_path / compiled.MANIFEST_NAME).write_text('{"suffix": ".cpython-39-x86_64-linux-gnu.so", "modules": {"a": {}}}', encoding="utf-8")
    assert compiled.read_manifest(tmp_path) == {}
    (tmp_path / compiled.MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert compiled.read_manifest(tmp_path) == {}
    assert compiled.install(tmp_path) is None  # nothing to find: nothing is installed


def test_build_compiles_a_changed_module_once_the_finder_loads_it_and_a_module_unlisted_is_removed(tmp_path):
    _require_compiler()
    assert "compiled 1 of 1 changed modules" in compiled.build(tmp_path, (SMALL_MODULE,))
    assert compiled.build(tmp_path, (SMALL_MODULE,)) == "the 1 compiled modules are up to date"
    library = tmp_path / compiled.read_manifest(tmp_path)[SMALL_MODULE]["library"]
    assert library.is_file() and library.name.endswith(compiled.EXTENSION_SUFFIX)

    loaded = _python(
        "import sys; from pathlib import Path; from generator import compiled\n"
        f"build = Path({str(tmp_path)!r})\n"
        "sys.meta_path.insert(0, compiled.CompiledFinder(build, compiled.read_manifest(build)))\n"
        f"import {SMALL_MODULE} as module\n"
        "print(module.__file__); print(module.load_yaml('a: 1'))",
        GENERATOR_PURE_PYTHON="1",  # no finder of the project's own build
    ).splitlines()
    assert loaded == [str(library), "{'a': 1}"]

    assert compiled.build(tmp_path, ()).endswith("removed 1 no longer listed")
    assert not library.exists() and compiled.read_manifest(tmp_path) == {}


# Every field of every article of the seeds, the test samples and a synthetic corpus (argv[1]),
# then which modules ran compiled, and whether the people scanner's paragraphs keep their
# attributes in a C struct (people.pxd) rather than in an instance dict.
_EXTRACT_ALL = """
import dataclasses, json, sys
from pathlib import Path
from generator import compiled
from generator.extract import Resources, extract
from generator.model import SourceError
from generator.read import read_source
resources = Resources.load()
for path in sorted([*Path("seeds").glob("*.txt"), *Path("tests/samples").rglob("*.txt"), *Path(sys.argv[1]).glob("*.txt")]):
    try:
        print(path, repr(dataclasses.asdict(extract(read_source(path), resources))))
    except SourceError as error:
        print(path, "error:", error)
print(json.dumps(compiled.compiled_modules()))
from generator.extract import people
print(json.dumps(people._Paragraph.__dictoffset__ == 0))
"""


def test_compiled_modules_extract_exactly_what_the_python_does(tmp_path):
    _require_compiler()
    generate_corpus(SYNTHETIC_ARTICLES, tmp_path, DEFAULT_SEED)
    as_built = _python(_EXTRACT_ALL, str(tmp_path)).splitlines()
    pure = _python(_EXTRACT_ALL, str(tmp_path), GENERATOR_PURE_PYTHON="1").splitlines()
    assert json.loads(pure[-2]) == [] and json.loads(pure[-1]) is False
    if UNDER_CI:  # `make test` compiles them first: each must have compiled, and be current
        assert json.loads(as_built[-2]) == list(compiled.HOT_MODULES)
    if "generator.extract.people" in json.loads(as_built[-2]):
        assert json.loads(as_built[-1]) is True  # its declarations were compiled with it
    assert len(as_built) == len(list(ROOT.glob("seeds/*.txt"))) + 1 + SYNTHETIC_ARTICLES + 2
    assert as_built[:-2] == pure[:-2]
