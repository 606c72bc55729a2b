#!/usr/bin/env python3
"""`make mutate`: mutation testing of the converter and the site plugin (mutmut 3), with a score per package.

    .venv/bin/python scripts/mutate.py [MODULE]     # MODULE: converter, archive, converter.clean, ...

Not part of `make test`: a whole run takes tens of minutes on two cores. Run it per module while
working (`make mutate MODULE=converter.grammar`), and the whole of it before a release.

Why a wrapper rather than the `mutmut` command: mutmut names a mutant after its file's path
(scripts/converter/clean.py -> `scripts.converter.clean`), but its trampoline compares that name
with the module's import name, and the tests import the packages as `converter` and `archive`
(pyproject's pythonpath). Unpatched, no mutant is ever switched on and every one "survives". The
wrapper names mutants by import name, then prints what the bare command does not: each package's
score and the list of surviving mutants, which `mutmut show NAME` explains one by one.
"""

from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = {"scripts/converter": "converter", "plugins/archive": "archive"}
KILLED = {"killed", "timeout", "caught by type check", "segfault"}
TARGET = 0.85


def import_name(relative_source_path: Path, mutant_method_name: str) -> str:
    """`scripts/converter/clean.py` + `x_f` -> `converter.clean.x_f`: the name the trampoline sees."""
    module = ".".join(relative_source_path.with_suffix("").parts)
    for folder, package in PACKAGES.items():
        prefix = folder.replace("/", ".")
        if module == prefix or module.startswith(prefix + "."):
            module = package + module[len(prefix) :]
    return f"{module}.{mutant_method_name}".replace(".__init__.", ".")


def patch_mutmut() -> None:
    """Every module that imported mutmut's own naming function gets ours."""
    import mutmut.__main__
    import mutmut.mutation.file_mutation
    import mutmut.utils.format_utils

    for module in (mutmut.utils.format_utils, mutmut.mutation.file_mutation, mutmut.__main__):
        module.get_mutant_name = import_name


def run_mutmut(module: str | None) -> int:
    """`mutmut run` over one module's mutants (all of them without MODULE); its exit status."""
    import mutmut.__main__

    patch_mutmut()
    names = [f"{module}.*"] if module else []
    try:
        mutmut.__main__.cli(["run", *names], standalone_mode=False)
    except SystemExit as stop:
        return int(stop.code or 0)
    return 0


def statuses() -> dict[str, dict[str, str]]:
    """package -> {mutant: status}, from the result files mutmut leaves under mutants/."""
    from mutmut.stats import status_by_exit_code

    found: dict[str, dict[str, str]] = {package: {} for package in PACKAGES.values()}
    for folder, package in PACKAGES.items():
        for meta in sorted((ROOT / "mutants" / folder).rglob("*.py.meta")):
            codes = json.loads(meta.read_text(encoding="utf-8")).get("exit_code_by_key", {})
            for name, code in codes.items():
                found[package][name] = status_by_exit_code[code]
    return found


def report(found: dict[str, dict[str, str]], module: str | None) -> bool:
    """Print each package's score and its survivors; True when every package checked meets the target."""
    ok = True
    for package, results in found.items():
        if module:
            results = {name: status for name, status in results.items() if name.startswith(module + ".")}
        checked = {name: status for name, status in results.items() if status != "not checked"}
        if not checked:
            continue
        counts = Counter(checked.values())
        killed = sum(counts[status] for status in KILLED)
        score = killed / len(checked)
        ok &= score >= TARGET
        print(f"\n{package}: {killed}/{len(checked)} mutants killed = {score:.1%} (target {TARGET:.0%})")
        print("  " + ", ".join(f"{status}: {n}" for status, n in sorted(counts.items())))
        for name, status in sorted(checked.items()):
            if status not in KILLED:
                print(f"  {status:10} {name}")
    return ok


def main(argv: list[str]) -> int:
    module = argv[0] if argv and argv[0] else None
    os.chdir(ROOT)
    status = run_mutmut(module)
    if status not in (0, None):
        return status
    return 0 if report(statuses(), module) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
