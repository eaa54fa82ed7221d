"""Summarise a mutmut run: per module, mutants, caught, missed and the score, with and without wording-only survivors.

Run after `mutmut run` (or `make mutation`, which runs both) from the repository root:

    .venv/bin/python scripts/mutation_report.py            # the table
    .venv/bin/python scripts/mutation_report.py --survivors  # plus a diff of every behaviour-changing survivor

It reads what mutmut 3 leaves in ``mutants/``: ``<module>.meta`` (an exit code per mutant) and the mutated module,
which holds each function's original copy (``..__mutmut_orig``) beside every mutant of it (``..__mutmut_N``).

Statuses: killed, timeout and caught-by-type-check count as caught; survived and "no tests" (no unit test runs the
mutated function) count as missed, and so does anything else (suspicious, segfault). Mutants not run yet (an
interrupted or partial run) are shown in their own column and left out of both scores, which then cover only the
mutants that were run; a complete run has none.

A survivor is *wording-only* when all of these hold (a conservative rule: when in doubt, it is not):
1. the original and the mutated function differ in exactly one node of their syntax trees, and both that node and
   its mutant are plain string literals (mutmut's "XX..XX", lower-case and upper-case string mutations);
2. the original string reads as prose: it has two words separated by a space (``"is not a number"``,
   ``"Yes: it is a U.S.-origin item."``), so a file name, column name, slug, separator, date format or regex pattern
   never qualifies;
3. the string is not used as data: not compared (``==``, ``in``), not a dictionary key, not a subscript, not the
   object a method is called on (``", ".join``), and not an argument of a string or regex function (``split``,
   ``startswith``, ``replace``, ``re.sub``, ...).
Such a survivor only changes the wording of a message, question, answer or label. It counts as neither caught nor
missed in the last column: score ignoring wording = caught / (mutants - wording-only survivors).
"""

from __future__ import annotations

import argparse
import ast
import difflib
import json
import re
import sys
from pathlib import Path

MODULES = tuple(
    f"listed/{m}.py"
    for m in ("rules", "queries", "loader", "history", "exports", "slides", "txlink", "reach", "geo", "package", "urls")
)
CAUGHT = {1: "killed", 3: "killed", 36: "timeout", 24: "timeout", -24: "timeout", 152: "timeout", 255: "timeout"}
CAUGHT[37] = "type check"
MISSED = {0: "survived", 5: "no tests", 33: "no tests"}
PROSE = re.compile(r"[A-Za-z]\S*\s+\S*[A-Za-z]")
DATA_FUNCTIONS = {
    "split", "rsplit", "join", "strip", "lstrip", "rstrip", "startswith", "endswith", "replace", "removeprefix",
    "removesuffix", "find", "index", "count", "partition", "rpartition", "get", "getattr", "setattr", "hasattr",
    "isin", "sub", "match", "fullmatch", "search", "compile", "findall", "strftime", "to_datetime", "format",
}  # fmt: skip


def _functions(mutated_source: str) -> dict[str, ast.FunctionDef]:
    return {
        node.name: node
        for node in ast.walk(ast.parse(mutated_source))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
    }


def _names(key: str) -> tuple[str, str]:
    """The generated names of a mutant's original function copy and of the mutant itself."""
    mutant = key.rpartition(".")[-1]
    return mutant.partition("__mutmut_")[0] + "__mutmut_orig", mutant


def _parents(tree: ast.AST) -> dict[int, ast.AST]:
    return {id(child): node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _used_as_data(node: ast.Constant, parents: dict[int, ast.AST]) -> bool:
    parent = parents.get(id(node))
    if isinstance(parent, ast.Compare | ast.Subscript | ast.Attribute):
        return True
    if isinstance(parent, ast.Dict) and any(k is node for k in parent.keys):
        return True
    if isinstance(parent, ast.keyword):
        parent = parents.get(id(parent))
    if isinstance(parent, ast.Call):
        func = parent.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name in DATA_FUNCTIONS
    return False


def wording_only(orig: ast.FunctionDef, mutant: ast.FunctionDef) -> bool:
    """Whether the mutant only changes the wording of one prose string literal (see the module docstring)."""
    a, b = list(ast.walk(orig)), list(ast.walk(mutant))
    if len(a) != len(b):
        return False
    diffs = []
    for x, y in zip(a[1:], b[1:], strict=True):  # a[0] and b[0] are the function nodes, named differently
        if type(x) is not type(y):
            return False
        if isinstance(x, ast.Constant):
            if type(x.value) is not type(y.value) or x.value != y.value:
                diffs.append((x, y))
            continue
        fields_x = {k: v for k, v in ast.iter_fields(x) if not isinstance(v, ast.AST | list)}
        fields_y = {k: v for k, v in ast.iter_fields(y) if not isinstance(v, ast.AST | list)}
        if fields_x != fields_y:
            return False
        lists_x = [len(v) for _, v in ast.iter_fields(x) if isinstance(v, list)]
        lists_y = [len(v) for _, v in ast.iter_fields(y) if isinstance(v, list)]
        if lists_x != lists_y:
            return False
    if len(diffs) != 1:
        return False
    x, y = diffs[0]
    if not (isinstance(x.value, str) and isinstance(y.value, str)):
        return False
    return bool(PROSE.search(x.value)) and not _used_as_data(x, _parents(orig))


def _diff(lines: list[str], orig: ast.FunctionDef, mutant: ast.FunctionDef) -> str:
    before = lines[orig.lineno - 1 : orig.end_lineno]
    after = lines[mutant.lineno - 1 : mutant.end_lineno]
    after[0] = after[0].replace(mutant.name, orig.name, 1)
    return "\n".join(list(difflib.unified_diff(before, after, lineterm="", n=1))[2:])


def report(root: Path, show_survivors: bool) -> list[dict]:
    rows = []
    for module in MODULES:
        meta_path = root / "mutants" / (module + ".meta")
        if not meta_path.exists():
            continue
        codes = json.loads(meta_path.read_text(encoding="utf-8"))["exit_code_by_key"]
        source = (root / "mutants" / module).read_text(encoding="utf-8")
        functions = _functions(source)
        lines = source.splitlines()
        caught = missed = other = wording = not_run = 0
        survivors = []
        for key, code in sorted(codes.items()):
            if code is None:
                not_run += 1
                continue
            if code in CAUGHT:
                caught += 1
                continue
            if code in MISSED:
                missed += 1
            else:
                other += 1
            orig_name, mutant_name = _names(key)
            orig, mutant = functions.get(orig_name), functions.get(mutant_name)
            if code == 0 and orig and mutant and wording_only(orig, mutant):
                wording += 1
            elif show_survivors:
                status = MISSED.get(code, f"exit code {code}")
                diff = _diff(lines, orig, mutant) if orig and mutant else "(function not found)"
                survivors.append(f"--- {key} ({status})\n{diff}")
        total = caught + missed + other
        if not total:
            continue  # this module has not been run
        counted = total - wording
        rows.append(
            {
                "module": module,
                "mutants": total + not_run,
                "not_run": not_run,
                "caught": caught,
                "missed": missed,
                "other": other,
                "wording_only": wording,
                "score": caught / total if total else 0.0,
                "score_ignoring_wording": caught / counted if counted else 0.0,
            }
        )
        if show_survivors and survivors:
            print(f"\n## Behaviour-changing survivors in {module}\n")
            print("\n".join(survivors))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--survivors", action="store_true", help="print every survivor that is not wording-only")
    parser.add_argument("--json", action="store_true", help="print the table as JSON")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="the repository root (holds mutants/)")
    args = parser.parse_args(argv)
    rows = report(args.root, args.survivors)
    if not rows:
        print("No mutmut results under mutants/: run `make mutation` first.", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps(rows, indent=1))
        return 0
    partial = any(r["not_run"] for r in rows)
    print("\n| module | mutants | caught | missed | wording-only survivors | score | score ignoring wording |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        run = f" ({r['not_run']} not run)" if r["not_run"] else ""
        print(
            f"| `{r['module']}` | {r['mutants']}{run} | {r['caught']} | {r['missed'] + r['other']} "
            f"| {r['wording_only']} | {r['score']:.0%} | {r['score_ignoring_wording']:.0%} |"
        )
    if partial:
        print("\nPartial run: the scores cover only the mutants that were run.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
