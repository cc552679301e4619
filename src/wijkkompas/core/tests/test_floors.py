"""The floors of the house (docs/ARCHITECTURE.md): who may import whom.

1. ``core`` is the bottom floor, plumbing only (problem+json, paging, versioning, forms, exports,
   PDF, crypto, suppression): it imports no other wijkkompas app, not even ``accounts``.
2. ``accounts`` sits on core: users, the policy engine, the audit trail. It imports core, never a
   domain app; domain apps register their rules, tiles and demo data with it instead.
3. The domain apps (areas, barriers, dossiers, knowledge, signals) may import core and accounts.
4. The approach apps (programmes < fieldwork; surveys, plans) may import every domain app; no
   domain app imports them (they fill the domain apps' registries in ``ready()`` instead).
5. The project modules (settings, urls, api, cli, wsgi) sit on top and may import anything.

Application code only: tests (which walk the whole product) and migrations are not floors.
Every import counts, at module level and inside functions, relative ones resolved.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parents[2]  # src/wijkkompas
APPROACH_APPS = ("programmes", "fieldwork", "surveys", "plans")
DOMAIN_APPS = ("areas", "barriers", "dossiers", "knowledge", "signals")
FORBIDDEN = {
    "core": (*DOMAIN_APPS, *APPROACH_APPS, "accounts"),
    "accounts": (*DOMAIN_APPS, *APPROACH_APPS),
    **{app: APPROACH_APPS for app in DOMAIN_APPS},
    "programmes": ("fieldwork", "surveys", "plans"),
    "surveys": ("fieldwork", "plans"),
    "plans": ("fieldwork", "surveys", "programmes"),
}
# The project's target for imports inside functions (a real cycle or an optional heavy
# dependency only), each with a one-line reason: a comment on the line before, on it, or after.
MAX_FUNCTION_LEVEL_IMPORTS = 10


def application_modules(under: Path = PACKAGE_DIR) -> list[Path]:
    return sorted(
        path
        for path in under.rglob("*.py")
        if not {"tests", "migrations"} & set(path.relative_to(PACKAGE_DIR).parts)
        and path.name != "conftest.py"
    )


def _module_name(path: Path) -> str:
    parts = ["wijkkompas", *path.relative_to(PACKAGE_DIR).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module name) for every import statement in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                module = ".".join([*base, node.module] if node.module else base)
            else:
                module = node.module or ""
            if module.count(".") >= 1:
                found.append((node.lineno, module))
            else:  # "from wijkkompas import signals": the app is named by the alias
                found += [(node.lineno, f"{module}.{alias.name}") for alias in node.names]
    return found


def floor_violations() -> list[str]:
    problems = []
    for app, forbidden in FORBIDDEN.items():
        for path in application_modules(PACKAGE_DIR / app):
            for line, module in imported_modules(path):
                parts = module.split(".")
                if len(parts) >= 2 and parts[0] == "wijkkompas" and parts[1] in forbidden:
                    problems.append(
                        f"{path.relative_to(PACKAGE_DIR.parent)}:{line}: {app} imports {module}"
                    )
    return sorted(set(problems))


def test_no_app_imports_a_higher_floor():
    problems = floor_violations()
    assert not problems, "Imports against the floors:\n" + "\n".join(problems)


def test_the_floor_check_sees_function_level_and_relative_imports(tmp_path, monkeypatch):
    """The check itself: an import inside a function and a relative one are both caught."""
    fake = tmp_path / "wijkkompas"
    (fake / "core").mkdir(parents=True)
    (fake / "core" / "sneaky.py").write_text(
        "def f():\n    from wijkkompas.signals.models import Signal\n"
        "from ..accounts import policy\n"
        "from wijkkompas import areas\n"
    )
    monkeypatch.setattr(sys.modules[__name__], "PACKAGE_DIR", fake)
    assert floor_violations() == [
        "wijkkompas/core/sneaky.py:2: core imports wijkkompas.signals.models",
        "wijkkompas/core/sneaky.py:3: core imports wijkkompas.accounts",
        "wijkkompas/core/sneaky.py:4: core imports wijkkompas.areas",
    ]


def function_level_imports(paths: list[Path]) -> list[tuple[Path, int, bool]]:
    """(file, line, has a reason comment) for every import inside a function."""
    found = []
    for path in paths:
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        seen: set[int] = set()
        for func in ast.walk(ast.parse(source, filename=str(path))):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if isinstance(node, ast.Import | ast.ImportFrom) and id(node) not in seen:
                    seen.add(id(node))
                    first, last = node.lineno - 1, (node.end_lineno or node.lineno) - 1
                    around = [
                        lines[first - 1].strip() if first > 0 else "",
                        lines[last + 1].strip() if last + 1 < len(lines) else "",
                    ]
                    # a comment on the import, or on the line before or after it
                    reason = "#" in lines[last] or any("#" in line for line in around)
                    found.append((path, node.lineno, reason))
    return found


def _listing(found) -> str:
    return "\n".join(
        f"{path.relative_to(PACKAGE_DIR.parent)}:{line}{'' if reason else ' (no reason given)'}"
        for path, line, reason in found
    )


def test_core_and_accounts_import_inside_functions_only_with_a_reason():
    paths = application_modules(PACKAGE_DIR / "core") + application_modules(
        PACKAGE_DIR / "accounts"
    )
    unexplained = [f for f in function_level_imports(paths) if not f[2]]
    assert not unexplained, "Imports inside functions without a reason:\n" + _listing(unexplained)


def test_few_imports_inside_functions_each_with_a_reason():
    found = function_level_imports(application_modules())
    assert len(found) <= MAX_FUNCTION_LEVEL_IMPORTS and all(r for *_, r in found), (
        f"{len(found)} imports inside functions (target {MAX_FUNCTION_LEVEL_IMPORTS}):\n"
        + _listing(found)
    )
