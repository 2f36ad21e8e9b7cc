"""Set up and run Budrus from a fresh checkout with nothing but Python 3.11+.

    python3 dev.py serve    set up, build and serve the campaign site with live reload
    python3 dev.py test     set up and run the whole test suite

Setting up means: a virtual environment in .venv with Budrus and its test tools
installed; it is redone only when pyproject.toml changes.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".budrus-installed"
NO_TESTS_COLLECTED = 5
# The benchmark tools too, so that the tests of the benchmark converters run everywhere.
EXTRAS = "test,bench"


def venv_python() -> Path:
    folder = "Scripts" if os.name == "nt" else "bin"
    return VENV / folder / ("python.exe" if os.name == "nt" else "python")


def set_up() -> Path:
    """Create .venv and install the project with its test extra, unless already done."""
    if sys.version_info < (3, 11):
        sys.exit(f"Budrus needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    wanted = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()
    python = venv_python()
    if python.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return python
    if not python.exists():
        print("creating .venv ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    print("installing Budrus with its test and benchmark tools into .venv ...", flush=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{EXTRAS}]"], check=True)
    STAMP.write_text(wanted)
    return python


def serve(python: Path, args: list[str]) -> int:
    return subprocess.call([str(python), str(ROOT / "build.py"), "serve", "--source", str(ROOT), *args])


def test(python: Path, args: list[str]) -> int:
    # One worker per core: the browser tests are most of the time and run side by side.
    code = subprocess.call([str(python), "-m", "pytest", "-n", "auto", *args], cwd=ROOT)
    if code == NO_TESTS_COLLECTED:
        print("no tests were collected: that is a failure, not a pass", file=sys.stderr)
        return 1
    return code


def main() -> int:
    commands = {"serve": serve, "test": test}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        python = set_up()
    except subprocess.CalledProcessError as exc:
        print(f"setting up failed: {' '.join(map(str, exc.cmd))} exited with {exc.returncode}", file=sys.stderr)
        return 1
    return commands[sys.argv[1]](python, sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
