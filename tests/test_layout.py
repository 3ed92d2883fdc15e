"""The package layout shows the pipeline: stage folders, imports only going down, no import circles."""

from __future__ import annotations

import ast
from pathlib import Path

import haoren

PACKAGE = Path(haoren.__file__).parent
# The stages in pipeline order; a module may import its own stage and the ones before it, never after.
STAGES = ("foundation", "load", "drawing", "validate", "model", "render", "publish", "preview", "edit", "pipeline")
FOUNDATION = ("problems", "clock", "schema", "cachefile", "sourcedigests", "reports", "forking")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def stage_of(module: str) -> str:
    top = module.split(".")[1] if module.count(".") else "haoren"
    return "foundation" if top in FOUNDATION or top == "haoren" else top


def imported_modules(path: Path) -> set[str]:
    """Every haoren module a file imports, at any depth of the file (functions included)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("haoren"):
            assert node.level == 0, f"{path}: relative import; the layout uses absolute imports"
            found.add(node.module)
            found.update(f"{node.module}.{alias.name}" for alias in node.names
                         if (PACKAGE.parent / f"{node.module}.{alias.name}".replace(".", "/")).exists()
                         or (PACKAGE.parent / (f"{node.module}.{alias.name}".replace(".", "/") + ".py")).exists())
        elif isinstance(node, ast.ImportFrom) and node.level:
            raise AssertionError(f"{path}: relative import; the layout uses absolute imports")
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("haoren"))
    return found


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def test_every_module_belongs_to_a_known_stage():
    assert {stage_of(name) for name in MODULES} <= set(STAGES)


def test_imports_only_go_down_the_stages():
    upward = []
    for name, path in sorted(MODULES.items()):
        own = STAGES.index(stage_of(name))
        for target in imported_modules(path):
            if STAGES.index(stage_of(target)) > own:
                upward.append(f"{name} imports {target}")
    assert upward == []


def test_no_import_circles():
    graph = {name: {t for t in imported_modules(path) if t in MODULES and t != name}
             for name, path in MODULES.items()}
    # A package's __init__ is imported by loading any of its modules: that is not a circle of ours.
    graph = {name: {t for t in targets if not name.startswith(t + ".")} for name, targets in graph.items()}
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append(" -> ".join(trail[trail.index(target):] + [target]))
            elif target not in state:
                visit(target, trail + [target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert circles == []


def test_every_stage_folder_says_what_it_owns_and_may_import():
    for stage in STAGES[1:-1]:
        doc = ast.get_docstring(ast.parse((PACKAGE / stage / "__init__.py").read_text(encoding="utf-8")))
        assert doc and "May import" in doc, stage


def test_every_module_has_a_one_line_docstring():
    missing = [name for name, path in MODULES.items()
               if not (ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or "").strip()]
    assert missing == []
