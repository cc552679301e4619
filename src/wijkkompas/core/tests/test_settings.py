"""Every environment variable is read in settings.py and listed in the README."""

from __future__ import annotations

import ast
import re

from wijkkompas.core.tests.test_floors import PACKAGE_DIR, application_modules

README = PACKAGE_DIR.parents[1] / "README.md"
SETTINGS = PACKAGE_DIR / "settings.py"
# The entry points name the settings module before Django starts; that is not configuration.
BOOTSTRAP = {"DJANGO_SETTINGS_MODULE"}


def environment_reads(path) -> list[tuple[int, str]]:
    """(line, variable) for os.environ.get / os.environ[...] / os.getenv / setdefault."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        name = None
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = ast.unparse(node.func)
            if func in {"os.environ.get", "os.getenv", "os.environ.setdefault"}:
                name = node.args[0].value
        elif isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            name = ast.unparse(node.slice).strip("'\"")
        if name is not None:
            found.append((node.lineno, name))
    return found


def _readme_variables() -> set[str]:
    section = README.read_text(encoding="utf-8").split("## Configuration (environment variables)")[
        1
    ]
    table = section.split("\n## ")[0]
    return {
        name
        for line in table.splitlines()
        if line.startswith("| `")
        for name in re.findall(r"`([A-Z][A-Z0-9_]+)`", line.split("|")[1])
    }


def test_every_variable_settings_reads_is_in_the_readme_and_back():
    read = {name for _, name in environment_reads(SETTINGS)}
    listed = _readme_variables()
    assert read - listed == set(), "read in settings.py but not in the README's table"
    assert listed - read == set(), "in the README's table but not read in settings.py"


def test_no_module_but_settings_reads_the_environment():
    elsewhere = [
        f"{path.relative_to(PACKAGE_DIR.parent)}:{line}: {name}"
        for path in application_modules()
        if path != SETTINGS
        for line, name in environment_reads(path)
        if name not in BOOTSTRAP
    ]
    assert not elsewhere, "Read the environment in settings.py only:\n" + "\n".join(elsewhere)
