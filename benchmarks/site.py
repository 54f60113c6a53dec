"""The builds the benchmark measures, and the comparison pages it adds to them.

`build()` runs a real `mkdocs build --strict` of this checkout; `build_variant()` builds it again
through a temporary config that INHERITs mkdocs.yml and changes plugin options (the stock vs cut
standard library). `install_bench_pages()` copies benchmarks/naive/ into a built site, filled in
from the assessment page's own config, so the naive page uses the same runtime files, lock file,
wheel, definition and server as ours, with Pyodide's stock standard library (what its users ship).
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from .nginx import ROOT, SUBPATH

NAIVE_SOURCE = Path(__file__).resolve().parent / "naive"
ARTICLE_PATH = ""  # content/index.md
ASSESSMENT_PATH = "assessment/"  # content/assessment.md: the quiz in full
BENCH_PATH = "bench/naive/"  # where the naive and bare pages go inside a built site

# The plugin option that picks the standard library, and its two values. Set to None to skip the
# second build (a plugin without the option).
STDLIB_OPTION: str | None = "pyodide_stdlib"
STDLIB_VALUES = ("full", "minimal")

_CONFIG_ATTRIBUTE = re.compile(r'data-assessment-config="([^"]*)"')


class BuildError(RuntimeError):
    pass


def build(site_dir: Path, config_file: Path | None = None, timeout: float = 900) -> float:
    """`mkdocs build --strict` into `site_dir`; returns the seconds it took."""
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)]
    if config_file is not None:
        command += ["--config-file", str(config_file)]
    started = time.monotonic()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        output = (result.stdout + result.stderr)[-6000:]
        raise BuildError(f"`{' '.join(command[2:])}` failed:\n{output}")
    return time.monotonic() - started


def variant_plugins(plugin_options: dict[str, str]) -> list:
    """mkdocs.yml's plugin list with the assessment plugin's options changed.

    INHERIT merges mappings but replaces lists, so the child config repeats the whole list.
    """
    from mkdocs.utils.yaml import yaml_load

    with open(ROOT / "mkdocs.yml", encoding="utf-8") as file:
        parent = yaml_load(file) or {}
    plugins, found = [], False
    for entry in parent.get("plugins") or []:
        name = entry if isinstance(entry, str) else next(iter(entry))
        options = {} if isinstance(entry, str) else dict(entry[name] or {})
        if name == "assessment":
            options.update(plugin_options)
            found = True
        plugins.append({name: options} if options else name)
    if not found:
        raise BuildError("mkdocs.yml does not list the assessment plugin")
    return plugins


def build_variant(site_dir: Path, plugin_options: dict[str, str]) -> float:
    """Build with `plugins > assessment` options changed, through `INHERIT: mkdocs.yml`.

    The temporary config sits next to mkdocs.yml (the plugin resolves scoring/ and its cache
    relative to the config file) and is removed at once.
    """
    text = json.dumps({"INHERIT": str(ROOT / "mkdocs.yml"), "plugins": variant_plugins(plugin_options)})
    handle = tempfile.NamedTemporaryFile(
        "w", prefix=".bench-mkdocs-", suffix=".yml", dir=ROOT, delete=False
    )
    path = Path(handle.name)
    try:
        with handle:
            handle.write(text + "\n")  # JSON is YAML
        return build(site_dir, config_file=path)
    finally:
        path.unlink(missing_ok=True)


def stdlib_option_exists() -> bool:
    if STDLIB_OPTION is None:
        return False
    from site_plugins.assessment.config import AssessmentConfig

    return any(key == STDLIB_OPTION for key, _ in AssessmentConfig._schema)


@dataclass(frozen=True)
class QuizConfig:
    """What the assessment page tells its front end, with every URL made absolute (path only)."""

    raw: dict
    assessment: str
    definition: str
    index_url: str
    lock_file_url: str
    stdlib_url: str | None
    package: str

    @property
    def stdlib(self) -> str:
        return "minimal" if self.stdlib_url else "full"

    @property
    def pyodide_version(self) -> str:
        return self.index_url.rstrip("/").rsplit("/", 1)[-1]


def quiz_config(site_dir: Path, page_path: str = ASSESSMENT_PATH) -> QuizConfig:
    page = site_dir / page_path / "index.html"
    if not page.exists():
        raise BuildError(f"the build has no {page_path}index.html")
    match = _CONFIG_ATTRIBUTE.search(page.read_text(encoding="utf-8"))
    if not match:
        raise BuildError(f"{page_path}index.html has no data-assessment-config: is the quiz on it?")
    raw = json.loads(html.unescape(match[1]))
    base = SUBPATH + page_path
    runtime = raw["runtime"]
    return QuizConfig(
        raw=raw,
        assessment=raw["assessment"],
        definition=urljoin(base, raw["definition"]),
        index_url=urljoin(base, runtime["indexURL"]),
        lock_file_url=urljoin(base, runtime["lockFileURL"]),
        stdlib_url=urljoin(base, runtime["stdLibURL"]) if runtime.get("stdLibURL") else None,
        package=runtime["package"],
    )


def definition(site_dir: Path, config: QuizConfig) -> dict:
    """The quiz definition JSON as the site serves it."""
    return json.loads(_site_path(site_dir, config.definition).read_text(encoding="utf-8"))


def _site_path(site_dir: Path, url: str) -> Path:
    return site_dir / url.split("?", 1)[0][len(SUBPATH) :]


def _add_stock_stdlib(site_dir: Path, config: QuizConfig) -> None:
    """A build with the cut standard library ships no stock zip: the naive and bare pages,
    written as Pyodide's users write them, load the stock one, taken from the verified runtime
    cache the build itself used."""
    target = _site_path(site_dir, config.index_url) / "python_stdlib.zip"
    if target.exists():
        return
    from site_plugins.assessment.config import AssessmentConfig
    from site_plugins.assessment.runtime import ensure_runtime

    defaults = AssessmentConfig()
    defaults.load_dict({})
    defaults.validate()
    runtime = ensure_runtime(
        config.pyodide_version, defaults.pyodide_registry, ROOT / defaults.pyodide_cache_dir
    )
    shutil.copyfile(runtime.path("python_stdlib.zip"), target)


def install_bench_pages(site_dir: Path, config: QuizConfig) -> Path:
    """Copy the naive and bare pages into the site, pointed at its runtime; returns the folder."""
    _add_stock_stdlib(site_dir, config)
    target = site_dir / BENCH_PATH
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(NAIVE_SOURCE, target)
    values = {
        "data-index-url": config.index_url,
        "data-lock-file-url": config.lock_file_url,
        "data-package": config.package,
        "data-definition": config.definition,
    }
    for name in ("index.html", "bare.html"):
        path = target / name
        text = path.read_text(encoding="utf-8")
        for attribute, value in values.items():
            text = re.sub(
                rf'{attribute}="[^"]*"', f'{attribute}="{html.escape(value, quote=True)}"', text, count=1
            )
        path.write_text(text, encoding="utf-8")
    return target
