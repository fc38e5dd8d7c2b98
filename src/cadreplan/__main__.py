"""Run the command line as ``python -m cadreplan``, as the ``cadreplan`` script does."""

import sys

from cadreplan.cli import script

if __name__ == "__main__":
    sys.exit(script())
