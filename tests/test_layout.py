"""The design's layering, read from the source: the front door is imported by nothing below it, the
shared ground floor imports neither app, the two apps never import each other, and no module
imports itself back through others."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).parents[1]
PACKAGES = ("sandbox", "link_ui", "emulator", "scenarios", "qbo_sandbox")


def _name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {_name(path): path for package in PACKAGES for path in (ROOT / package).rglob("*.py")}


def _imports(path: Path, *, at_run_time: bool) -> set[str]:
    """The project's modules that `path` imports (`from pkg import sub` is an import of pkg.sub);
    at run time means without the imports under `if TYPE_CHECKING:`."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for inner in ast.walk(node)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if at_run_time and id(node) in typing_only:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            submodules = {f"{node.module}.{alias.name}" for alias in node.names} & set(MODULES)
            found |= submodules if len(submodules) == len(node.names) else {node.module, *submodules}
    return found & set(MODULES)


def _package(module: str) -> str:
    return module.split(".")[0]


def test_nothing_below_the_front_door_imports_it_and_the_apps_keep_to_their_side() -> None:
    allowed = {
        "sandbox": {"sandbox"},
        "link_ui": {"sandbox", "link_ui"},
        "emulator": {"sandbox", "emulator"},
        "scenarios": {"sandbox", "link_ui", "emulator", "scenarios"},
        "qbo_sandbox": set(PACKAGES),
    }
    crossings = sorted(
        f"{module} imports {imported}"
        for module, path in MODULES.items()
        for imported in _imports(path, at_run_time=False)
        if _package(imported) not in allowed[_package(module)]
    )

    assert crossings == []


def test_no_module_imports_itself_back_through_others() -> None:
    graph = {module: _imports(path, at_run_time=True) for module, path in MODULES.items()}
    circles: list[list[str]] = []

    def walk(module: str, trail: list[str]) -> None:
        for imported in sorted(graph[module]):
            if imported in trail:
                circles.append([*trail[trail.index(imported) :], imported])
            elif imported not in seen:
                seen.add(imported)
                walk(imported, [*trail, imported])

    seen: set[str] = set()
    for start in sorted(graph):
        if start not in seen:
            seen.add(start)
            walk(start, [start])

    assert circles == []
