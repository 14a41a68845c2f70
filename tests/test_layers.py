"""The package's layers import only downwards: shared, server, ops, staff, bench (README, "Layout").

Every `import` in bot/ and actions/ is read, those inside functions too, and each arrow
between two layers must be one the table allows: a module may use its own layer and the
layers below it, never one above it or beside it.
"""
import ast
from pathlib import Path
from typing import Iterator, Tuple

import pytest

from tests.conftest import ROOT

# What each part of the code is, by module prefix (the longest prefix wins).
LAYER_OF_PREFIX = {
    "bot.contract": "shared", "bot.clinic": "shared", "bot.sources": "shared",
    "bot.privacy": "shared", "bot.nlu": "shared", "bot.evaluation": "shared",
    "bot.server": "server", "bot.ops": "ops", "bot.staff": "staff", "bot.bench": "bench",
    "actions": "actions",
}
# The layers each may import besides its own: those below it. The action server's
# actions stand beside the Rasa server, on the shared pieces alone.
MAY_IMPORT = {
    "shared": set(),
    "server": {"shared"},
    "actions": {"shared"},
    "ops": {"server", "shared"},  # starts the servers
    "staff": {"ops", "server", "shared"},  # `bot purge` runs the retention job now
    "bench": {"staff", "ops", "server", "shared"},
}


def layer_of(module: str) -> str:
    matches = [prefix for prefix in LAYER_OF_PREFIX if module == prefix or module.startswith(prefix + ".")]
    if not matches:
        raise AssertionError(f"{module} belongs to no layer: add it to LAYER_OF_PREFIX")
    return LAYER_OF_PREFIX[max(matches, key=len)]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def project_imports(path: Path) -> Iterator[Tuple[int, str]]:
    """(line, module) for each import of the project's own code in a file."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            # "from bot import x": x may be a module of the package
            names = [f"{node.module}.{alias.name}" if node.module in ("bot", "actions") else node.module
                     for alias in node.names]
        else:
            continue
        yield from ((node.lineno, name) for name in names if name.split(".")[0] in ("bot", "actions"))


SOURCES = sorted(p for folder in ("bot", "actions") for p in (ROOT / folder).rglob("*.py")
                 if module_name(p) not in ("bot", "actions"))


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_go_only_downwards(path):
    importer = layer_of(module_name(path))
    wrong = [f"{path.relative_to(ROOT)}:{line} ({importer}) imports {module} ({layer_of(module)})"
             for line, module in project_imports(path)
             if layer_of(module) != importer and layer_of(module) not in MAY_IMPORT[importer]]
    assert wrong == []


def test_the_checker_sees_an_upward_import(tmp_path):
    upward = tmp_path / "upward.py"
    upward.write_text("def later():\n    from bot.ops.serve import main\n")
    assert [module for _, module in project_imports(upward)] == ["bot.ops.serve"]
    assert "ops" not in MAY_IMPORT[layer_of("bot.server.nlg")]


def test_the_readme_layout_names_every_part_of_the_package():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    layout = readme[readme.index("## Layout"):].split("\n## ", 1)[0]
    parts = [p for folder in ("bot", "bot/server", "bot/ops", "bot/staff") for p in (ROOT / folder).iterdir()
             if p.name != "__init__.py" and (p.suffix == ".py" or (p / "__init__.py").exists())]
    missing = [str(p.relative_to(ROOT)) for p in parts if (p.name if p.suffix else p.name + "/") not in layout]
    assert missing == []
