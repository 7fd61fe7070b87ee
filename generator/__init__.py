"""Turn raw Vietnamese foreign-affairs articles into a bilingual MkDocs microsite.

The pipeline is read -> clean -> extract -> link -> render -> write; each stage is one
module (or package) and passes the typed objects of `generator.model` to the next.
"""

from pathlib import Path

from generator import compiled

DATA_DIR = Path(__file__).parent / "data"
"""The data files (gazetteers, word lists, patterns). Found from the package rather than from
each module's own file: a compiled module's file is in the virtual environment."""

# Before any other module of the package is imported: the hot ones then load compiled.
compiled.install()
