"""The `precompress` plugin: the built site ships `.br` and `.gz` copies of its compressible files.

Servers that can send a file's precompressed copy (nginx `brotli_static`/`gzip_static`, Caddy
`precompressed`, see DEPLOYMENT.md) then spend no CPU per request and send brotli at its best
quality, which is too slow to run per request (the Pyodide wasm: 2.74 MB at quality 11 against
3.15 MB at the on-the-fly quality 6). The work is in compress.py; this class wires it to MkDocs:

- it runs last (priority -100), after every other plugin wrote its files (search index included),
  and writes inside whatever `site_dir` MkDocs was given;
- not under `mkdocs serve`, whose server never sends the copies: rebuilds stay fast.
"""

from __future__ import annotations

import time
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import Files

from .compress import precompress_site
from .config import PrecompressConfig

log = get_plugin_logger(__name__)


class PrecompressPlugin(BasePlugin[PrecompressConfig]):
    def __init__(self) -> None:
        self.command = "build"
        self.published: frozenset[Path] = frozenset()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command

    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        # Files the site owner publishes as they are (a `data.json.gz` in docs/) are never replaced.
        self.published = frozenset(Path(file.abs_dest_path) for file in files)
        return files

    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled or self.command == "serve":
            return
        started = time.monotonic()
        project_dir = Path(config.config_file_path).parent
        report = precompress_site(
            Path(config.site_dir),
            min_size=self.config.min_size,
            cache_dir=project_dir / self.config.cache_dir,
            keep=self.published,
        )
        log.info(
            f"precompressed {report.files} files ({report.raw / 1e6:.1f} MB): brotli "
            f"{report.written['.br'] / 1e6:.1f} MB, gzip {report.written['.gz'] / 1e6:.1f} MB "
            f"in {time.monotonic() - started:.1f} s"
        )
