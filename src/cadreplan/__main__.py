"""Run the command line as ``python -m cadreplan``."""

import sys

from cadreplan.cli import main

if __name__ == "__main__":
    sys.exit(main())
