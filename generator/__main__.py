"""`python -m generator` runs the command line."""

import os
import sys

from generator.cli import main

status = main()
# A build leaves a whole corpus's objects in memory, and freeing them one by one as the
# interpreter shuts down took half a second at 10,000 articles, for nothing: every file is
# written and closed by now, so flush what was printed and leave.
sys.stdout.flush()
sys.stderr.flush()
os._exit(status)
