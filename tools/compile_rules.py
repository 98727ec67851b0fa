"""Compile modules of the rules engine with mypyc, in place; ``make compile`` runs this.

Usage: ``python tools/compile_rules.py BUILD_DIR SOURCE.py...`` from the repository root. The C
code and object files go under BUILD_DIR, and ``BUILD_DIR/.built`` marks a finished build.

The C extensions land next to their sources (``engine.py`` gets ``engine.cpython-*.so``), with
the code of all of them in one shared library, ``src/kontaktforloeb_rules__mypyc.*.so``. Python
prefers an extension to a ``.py`` of the same name, so nothing else changes. Without a C compiler
or Python's headers this says so in one line, removes any earlier extensions and exits 0: the
engine then runs as plain Python, with the same results.

Every extension (and the mark) gets the time the build started as its modification time, so a
source saved during the build counts as newer: make builds again, and ``tests/conftest.py``
refuses to test the stale build meanwhile.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import os
import shlex
import shutil
import sys
import sysconfig
import time
from pathlib import Path

SRC = Path("src")
PACKAGE = SRC / "kontaktforloeb" / "rules"
GROUP = "kontaktforloeb_rules"  # the shared library: src/kontaktforloeb_rules__mypyc.*.so


def compiled_files() -> list[Path]:
    """The extensions of earlier builds, for any Python version."""
    found = [*PACKAGE.rglob("*.so"), *PACKAGE.rglob("*.pyd"), *SRC.glob(f"{GROUP}__mypyc.*")]
    return sorted(path for path in found if path.is_file())


def remove_compiled() -> None:
    for path in compiled_files():
        path.unlink()


def missing_toolchain() -> str | None:
    """Why a C extension cannot be built here, or None when it can."""
    compiler = shlex.split(os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc")
    if not compiler or shutil.which(compiler[0]) is None:
        return f"no C compiler ({compiler[0] if compiler else 'cc'})"
    headers = Path(sysconfig.get_paths()["include"]) / "Python.h"
    if not headers.is_file():
        return f"no Python headers ({headers})"
    for needed in ("mypyc", "setuptools"):
        if importlib.util.find_spec(needed) is None:
            return f"no {needed} (in the dev dependencies)"
    return None


def main() -> int:
    build_dir, *sources = sys.argv[1:]
    if not sources:
        sys.exit(__doc__)
    reason = missing_toolchain()
    if reason is not None:
        remove_compiled()
        print(f"compile: {reason}; the rules engine runs as pure Python")
        return 0

    from mypyc.build import mypycify
    from setuptools import setup

    print(f"compile: {len(sources)} modules of the rules engine with mypyc, C under {build_dir}/")
    started = time.time()
    stamp = Path(build_dir) / ".built"
    stamp.unlink(missing_ok=True)
    remove_compiled()  # a failed build must not leave an older one in use
    try:
        extensions = mypycify(
            sources,
            opt_level=os.environ.get("MYPYC_OPT_LEVEL", "3"),
            target_dir=os.path.join(build_dir, "c"),
            group_name=GROUP,
        )
        setup(
            name="kontaktforloeb-rules-compiled",
            ext_modules=extensions,
            package_dir={"": str(SRC)},
            script_args=[
                "--quiet",
                "build_ext",
                "--inplace",
                "--force",
                "--build-temp",
                os.path.join(build_dir, "temp"),
                "--build-lib",
                os.path.join(build_dir, "lib"),
            ],
        )
    except SystemExit as error:  # how mypyc and setuptools report a failed build
        if error.code not in (None, 0):
            remove_compiled()
            print(
                f"compile: failed ({error.code}); fix the error above, or run the engine as pure "
                "Python with MYPYC=0",
                file=sys.stderr,
            )
        raise
    suffixes = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    built = [path for path in compiled_files() if path.name.endswith(suffixes)]
    for path in [*built, stamp]:
        path.touch()
        os.utime(path, (started, started))
    print(f"compile: done in {time.time() - started:.0f} s; `make clean-compiled` undoes it")
    return 0


if __name__ == "__main__":
    sys.exit(main())
