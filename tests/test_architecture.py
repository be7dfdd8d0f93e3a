"""The house plan of ``src/counter_app``, checked on the source (``ast``; nothing is imported or run).

Each rule is one test whose failure lists every offender as ``module:line``:

- **No import cycle.** Among the modules of ``counter_app``, counting every import that runs:
  module-level statements (also inside a module-level ``if``/``try``) and imports inside functions
  (a lazy import is still a dependency: a cycle through one is a knot in the design even when it
  cannot deadlock the loading), but not ``if TYPE_CHECKING:`` blocks, which never run. A cycle is
  reported as the set of modules that reach each other.
- **Lower layers never import upper ones.** ``domain``, ``store``, ``card``, ``photo``, ``printing``,
  ``crypto`` and ``idcard`` import nothing from ``services``, ``ui`` or ``cli``; ``diagnostics`` nothing from
  ``cli`` or ``services``. Here every import counts: module-level, inside functions and under
  ``TYPE_CHECKING`` (a type named from an upper layer is still a dependency on it). The ID card
  reader's adapter (``idcard``) imports nothing of the project but ``domain``.
- **No Qt below the UI.** ``photo``, ``domain``, ``store``, ``card``, ``crypto`` and ``sync`` import no
  ``PySide6`` (nor ``shiboken6``) at all: module-level, inside functions or under ``TYPE_CHECKING``. They
  run where there is no display (the command line, a server for the citizens' pages, the sync worker).
- **SQL only in the store.** No string literal in ``services/`` or ``ui/`` holds ``SELECT``, ``INSERT``,
  ``UPDATE`` or ``DELETE`` as an upper-case word (the project writes SQL keywords in upper case).
  Docstrings are prose about the code, not SQL, and are not looked at.
- **One way to show an error.** No ``hasattr(x, "message")`` and no ``CliFail(x.message(...), ...)``
  anywhere: an error that users see is a ``UserFacingError`` and is shown once, at the boundary.
- **Translations one way.** No comparison with the literal ``"en"`` (``lang == "en"``) in ``ui/``:
  text goes through Qt Linguist's ``tr()``. ``ui/i18n.py`` is exempt: it is the one place that turns
  the chosen language into the translators ``tr()`` uses.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "counter_app"

LOWER_LAYERS = ("domain", "store", "card", "photo", "printing", "crypto", "idcard")
UPPER_LAYERS = ("services", "ui", "cli")
QT_FREE_LAYERS = ("photo", "domain", "store", "card", "crypto", "sync")
QT_PACKAGES = ("PySide6", "shiboken6")
SQL_WORD = re.compile(r"\b(SELECT|INSERT|UPDATE|DELETE)\b")
CHOOSES_THE_TRANSLATOR = {f"{PACKAGE}.ui.i18n"}


@dataclass(frozen=True)
class Import:
    target: str       # the imported counter_app module (a submodule when ``from pkg import sub``)
    line: int
    at_load: bool     # runs when the importing module is loaded (module level, not TYPE_CHECKING)
    type_only: bool = False  # under ``if TYPE_CHECKING:``: never runs


@dataclass
class Module:
    name: str
    path: Path
    tree: ast.Module
    imports: list[Import] = field(default_factory=list)

    @property
    def where(self) -> str:
        return str(self.path.relative_to(SRC))


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk_imports(module: Module, known: set[str]) -> Iterator[Import]:
    """Every import statement of ``module`` with whether it runs at load time."""
    package = module.name if module.path.name == "__init__.py" else module.name.rpartition(".")[0]

    def targets(node: ast.Import | ast.ImportFrom) -> Iterator[str]:
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
            return
        base = node.module or ""
        if node.level:
            anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
            base = ".".join(anchor + ([base] if base else []))
        for alias in node.names:
            sub = f"{base}.{alias.name}"
            yield sub if sub in known else base

    def visit(nodes: list[ast.stmt], at_load: bool, type_only: bool = False) -> Iterator[Import]:
        for node in nodes:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                for target in targets(node):
                    if target == PACKAGE or target.startswith(PACKAGE + "."):
                        yield Import(target, node.lineno, at_load, type_only)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                yield from visit(node.body, False, type_only)
            elif isinstance(node, ast.ClassDef):
                yield from visit(node.body, at_load, type_only)
            elif isinstance(node, ast.If):
                checking = _is_type_checking(node.test)
                yield from visit(node.body, at_load and not checking, type_only or checking)
                yield from visit(node.orelse, at_load, type_only)
            else:
                for child_field in ("body", "orelse", "finalbody", "handlers", "cases"):
                    children = getattr(node, child_field, None)
                    if isinstance(children, list):
                        stmts = [c for c in children if isinstance(c, ast.stmt)]
                        for c in children:
                            if isinstance(c, (ast.ExceptHandler, ast.match_case)):
                                stmts.extend(c.body)
                        yield from visit(stmts, at_load, type_only)

    yield from visit(module.tree.body, True)


@cache
def modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted((SRC / PACKAGE).rglob("*.py")):
        found[_module_name(path)] = Module(_module_name(path), path, ast.parse(path.read_text("utf-8"), str(path)))
    known = set(found)
    for module in found.values():
        module.imports = list(_walk_imports(module, known))
    return found


def _layer(module_name: str) -> str | None:
    parts = module_name.split(".")
    return parts[1] if len(parts) > 1 else None


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    out.append(sorted(component))
    return out


def _report(title: str, offenders: list[str]) -> str:
    offenders = sorted(set(offenders), key=_by_place)
    return f"{title} ({len(offenders)}):\n  " + "\n  ".join(offenders)


def _by_place(offender: str) -> tuple[str, int]:
    where, _, rest = offender.partition(":")
    line = rest.split(" ", 1)[0]
    return (where, int(line) if line.isdigit() else 0)


def test_no_import_cycle():
    mods = modules()
    graph = {name: {i.target for i in m.imports if not i.type_only and i.target in mods and i.target != name}
             for name, m in mods.items()}
    cycles = _cycles(graph)
    described = []
    for component in cycles:
        members = set(component)
        edges = [f"{mods[a].where}:{i.line} -> {i.target}" for a in component
                 for i in mods[a].imports if not i.type_only and i.target in members and i.target != a]
        described.append(" <-> ".join(component) + "\n    " + "\n    ".join(edges))
    if cycles:
        pytest.fail(_report("import cycles among modules (module-level and function-level imports)", described), pytrace=False)


def _upward_imports(lower: tuple[str, ...], upper: tuple[str, ...]) -> list[str]:
    out = []
    for name, module in modules().items():
        if _layer(name) not in lower:
            continue
        for imp in module.imports:
            if _layer(imp.target) in upper:
                out.append(f"{module.where}:{imp.line} imports {imp.target}")
    return out


def test_lower_layers_import_no_upper_layer():
    offenders = _upward_imports(LOWER_LAYERS, UPPER_LAYERS)
    if offenders:
        pytest.fail(_report(f"{'/'.join(LOWER_LAYERS)} import from {'/'.join(UPPER_LAYERS)}", offenders), pytrace=False)


def test_diagnostics_import_neither_cli_nor_services():
    offenders = _upward_imports(("diagnostics",), ("cli", "services"))
    if offenders:
        pytest.fail(_report("diagnostics import from cli/services", offenders), pytrace=False)


def test_the_id_card_adapter_imports_only_the_domain():
    offenders = [f"{m.where}:{i.line} imports {i.target}" for m in _in_layers("idcard") for i in m.imports
                 if _layer(i.target) not in ("idcard", "domain")]
    if offenders:
        pytest.fail(_report("idcard imports beyond domain", offenders), pytrace=False)


def _qt_imports(tree: ast.Module) -> Iterator[tuple[int, str]]:
    """Every import of Qt in ``tree``, wherever it stands (``ast.walk`` reaches functions and ``if`` blocks)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        else:
            continue
        for name in names:
            if name.split(".")[0] in QT_PACKAGES:
                yield node.lineno, name


def test_the_lower_layers_need_no_qt():
    offenders = [f"{m.where}:{line} imports {name}" for m in _in_layers(*QT_FREE_LAYERS)
                 for line, name in _qt_imports(m.tree)]
    if offenders:
        pytest.fail(_report(f"{'/'.join(QT_FREE_LAYERS)} import Qt", offenders), pytrace=False)


def _docstrings(tree: ast.Module) -> set[int]:
    """ids of the docstring nodes (module, class and function docstrings)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                out.add(id(first.value))
    return out


def _in_layers(*layers: str) -> Iterator[Module]:
    for name, module in modules().items():
        if _layer(name) in layers:
            yield module


def test_no_sql_outside_the_store():
    offenders = []
    for module in _in_layers("services", "ui"):
        skip = _docstrings(module.tree)
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip:
                words = sorted(set(SQL_WORD.findall(node.value)))
                if words:
                    offenders.append(f"{module.where}:{node.lineno} {'/'.join(words)}: {node.value.strip()[:60]!r}")
    if offenders:
        pytest.fail(_report("SQL text in services/ or ui/ (belongs in store/ repositories)", offenders), pytrace=False)


def _is_message_call(node: ast.expr) -> bool:
    return (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "message")


def test_errors_are_shown_one_way():
    offenders = []
    for module in modules().values():
        for node in ast.walk(module.tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if (name == "hasattr" and len(node.args) == 2 and isinstance(node.args[1], ast.Constant)
                    and node.args[1].value == "message"):
                offenders.append(f"{module.where}:{node.lineno} hasattr(..., \"message\")")
            elif name == "CliFail" and node.args and _is_message_call(node.args[0]):
                offenders.append(f"{module.where}:{node.lineno} CliFail(exc.message(...))")
    if offenders:
        pytest.fail(_report("errors presented by hand instead of as a UserFacingError", offenders), pytrace=False)


def test_ui_has_no_english_branches():
    offenders = []
    for module in _in_layers("ui"):
        if module.name in CHOOSES_THE_TRANSLATOR:
            continue
        for node in ast.walk(module.tree):
            if isinstance(node, ast.Compare) and any(isinstance(op, (ast.Eq, ast.NotEq)) for op in node.ops):
                operands = [node.left, *node.comparators]
                if any(isinstance(o, ast.Constant) and o.value == "en" for o in operands):
                    offenders.append(f"{module.where}:{node.lineno} {ast.unparse(node)}")
    if offenders:
        pytest.fail(_report('comparisons with "en" in ui/ (translate with tr())', offenders), pytrace=False)


def test_the_checks_see_the_tree():
    """The rules above pass vacuously if the walk finds nothing: make sure it finds the layers and imports."""
    mods = modules()
    assert f"{PACKAGE}.store.database" in mods and f"{PACKAGE}.services" in mods
    database = mods[f"{PACKAGE}.store.database"]
    assert any(i.target == f"{PACKAGE}.store.migrations" and i.at_load for i in database.imports)
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert sorted(_qt_imports(ast.parse("def f():\n    from PySide6.QtGui import QImage\nimport shiboken6"))) == [
        (2, "PySide6.QtGui"), (3, "shiboken6")]
