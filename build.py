"""Run Budrus from the repository root: `python build.py build`."""
import sys

from budrus.cli import main

if __name__ == "__main__":
    sys.exit(main())
