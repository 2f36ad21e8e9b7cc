"""Run Budrus from the repository root: `python build.py build`."""
import sys

if __name__ == "__main__":
    # Imported here, not above: a worker process imports this file again, and draws share
    # cards and QR codes without the whole of Budrus loaded.
    from budrus.cli import main

    sys.exit(main())
