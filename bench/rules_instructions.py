"""Instructions a citizen on the rules engine's deadlines path, counted by valgrind's callgrind.

Run: ``python bench/rules_instructions.py [--citizens 1000] [--seed 7] [--recent]`` with the engine
compiled (``make compile``) and valgrind installed (Debian: ``apt-get install valgrind``);
``--recent`` counts the population of earlier rounds (see ``rules_bench.py``).

Timings on a virtual machine vary by a third from minute to minute; a count of instructions does
not, so a change of a few per cent shows. For dagpenge citizens and for the others, the
population of ``bench/rules_bench.py`` runs under callgrind twice, with N and 2N citizens,
counting only inside the compiled ``deadlines``; the difference over N is the count a citizen,
without the one-time work of the first calls (loading parameters, filling caches). The same
citizens' explained plans are worked out first, uncounted, so that the caches of rulesets by
registration day hold what a large population fills them with. Instructions
are not time — memory and the garbage collector's pauses are not in them — so a change that pays
here is confirmed with ``bench/rules_bench.py``.
"""

from __future__ import annotations

import argparse
import gc
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

COMPILED_DEADLINES = "CPyDef_engine___deadlines"  # the C function mypyc makes of deadlines()


def run_deadlines(group: str, count: int, seed: int, recent: bool) -> None:
    """The measured run, inside valgrind: ``count`` citizens of ``group`` through deadlines()."""
    from kontaktforloeb.rules import deadlines, plan
    from rules_bench import AS_OF, population, recent_population

    cases = (
        [(events, AS_OF) for events in recent_population(count * 4, seed)]
        if recent
        else population(count * 4, seed)
    )
    people = [
        (events, as_of)
        for events, as_of in cases
        if (events[0].group == "dagpenge") == (group == "dagpenge")
    ][:count]
    if len(people) < count:
        sys.exit(f"only {len(people)} {group} citizens in the population")
    for events, as_of in people:  # fill the engine's caches, as 300,000 citizens do; not counted
        plan(events, as_of)
    gc.collect()
    gc.freeze()
    for events, as_of in people:
        deadlines(events, as_of)


def collected(group: str, count: int, seed: int, recent: bool) -> int:
    """Instructions counted inside deadlines() for ``count`` citizens of ``group``."""
    command = [
        "valgrind",
        "--tool=callgrind",
        f"--toggle-collect={COMPILED_DEADLINES}",
        "--callgrind-out-file=/dev/null",
        sys.executable,
        __file__,
        "--run",
        group,
        "--citizens",
        str(count),
        "--seed",
        str(seed),
        *(["--recent"] if recent else []),
    ]
    finished = subprocess.run(command, capture_output=True, text=True, check=True)
    found = re.search(r"Collected : (\d+)", finished.stderr)
    if found is None:
        sys.exit(f"no count from callgrind:\n{finished.stderr[-2000:]}")
    return int(found.group(1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--citizens", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument(
        "--recent",
        action="store_true",
        help="the population of earlier rounds (spells of the 14 months before AS_OF)",
    )
    parser.add_argument("--run", choices=("dagpenge", "other"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run:
        run_deadlines(args.run, args.citizens, args.seed, args.recent)
        return
    from kontaktforloeb.rules import engine

    if not engine.__file__ or not engine.__file__.endswith((".so", ".pyd")):
        sys.exit("the engine runs as plain Python: `make compile` first")
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (Debian: apt-get install valgrind)")
    count = args.citizens
    for group, label in (("dagpenge", "dagpenge"), ("other", "kontant- and uddannelseshjælp")):
        once = collected(group, count, args.seed, args.recent)
        twice = collected(group, 2 * count, args.seed, args.recent)
        print(f"{label}: {(twice - once) / count:,.0f} instructions a citizen")


if __name__ == "__main__":
    main()
