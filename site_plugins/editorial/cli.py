"""`build` and `serve` as a marketer needs them (run by `make build` and `make serve`).

build: mkdocs.yml is read first (a mistake gets its line and fix, no traceback); the site is built
into a fresh folder beside `site/` with strict mode on, and only a build with no problem at all
replaces `site/`. On any problem the old `site/` is left exactly as it was, every problem is
printed as one report, and the exit status is 1. Under GitHub Actions each problem is also a
`::error file=…,line=…::` annotation.

serve: the same checks, a plain message if the port is taken, and MkDocs' live-reload server with
one change: while the last rebuild failed, every page shows the report (see `error_page`), and
the browser reloads into the site again by itself once the file is fixed. (Stock `mkdocs serve`
leaves the tab on the old page and makes a refresh hang until the build works again.)
"""

from __future__ import annotations

import argparse
import errno
import logging
import os
import shutil
import socket
import sys
import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from . import config_file, error_page
from .problems import Collector, Problem, format_report, on_github

log = logging.getLogger("mkdocs.editorial")
KEPT = "Nothing was changed: site/ still holds the last good build."


def _console_logging(verbose: bool) -> None:
    """INFO lines as MkDocs prints them; warnings go to the report instead of scrolling by."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    if not verbose:
        handler.addFilter(lambda record: record.levelno < logging.WARNING)
    root = logging.getLogger("mkdocs")
    root.handlers[:] = [handler]
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    root.propagate = False


def _print_report(problems: list[Problem], published: str) -> None:
    print(format_report(problems, published=published), file=sys.stderr)
    if on_github():
        for problem in dict.fromkeys(problems):
            print(problem.annotation())
        sys.stdout.flush()


def run_build(config_path: Path, site_dir: Path, *, serve_url: str | None = None) -> list[Problem]:
    """Build into `site_dir` (strict); the problems found, an empty list on success."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    project_dir = config_path.resolve().parent
    root, problem = config_file.compose(config_path)
    if problem:
        return [problem]
    docs_name = "content"
    collector = Collector(project_dir, docs_name)
    logger = logging.getLogger("mkdocs")
    logger.addHandler(collector)
    try:
        config = load_config(config_file=str(config_path), site_dir=str(site_dir), strict=True)
        collector.docs = Path(config.docs_dir).name
        if serve_url:
            config.site_url = serve_url
        build(config, serve_url=serve_url)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # noqa: BLE001 - every failure becomes a line of the report
        collector.add_error(error)
        if not collector.problems:
            collector.problems.append(Problem("", None, f"{type(error).__name__}: {error}"))
    finally:
        logger.removeHandler(collector)
    return collector.problems


def build_command(config_path: Path, site_dir: Path) -> int:
    """All or nothing: build beside site_dir, swap it in only when the build succeeded."""
    site_dir = site_dir.resolve()
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    fresh = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-new-", dir=site_dir.parent))
    # mkdtemp makes the folder private (0700); a published copy of it (cp -a, rsync -a) would
    # then be unreadable to the web server. Give it the mode any new folder gets.
    umask = os.umask(0)
    os.umask(umask)
    fresh.chmod(0o777 & ~umask)
    try:
        problems = run_build(config_path, fresh)
        if problems:
            _print_report(problems, KEPT)
            return 1
        swap_in(fresh, site_dir)
        log.info("The site is in %s", site_dir)
        return 0
    finally:
        shutil.rmtree(fresh, ignore_errors=True)


def swap_in(fresh: Path, site_dir: Path) -> None:
    """Replace site_dir by fresh with two renames on one filesystem: at no moment does site_dir
    hold a mix of old and new files (for an instant it does not exist)."""
    old = None
    if site_dir.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-old-", dir=site_dir.parent))
        old.rmdir()
        os.rename(site_dir, old)
    os.rename(fresh, site_dir)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def port_problem(host: str, port: int) -> str | None:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            if error.errno not in (errno.EADDRINUSE, errno.EACCES):
                return f"Cannot use {host}:{port} ({error.strerror})."
            other = 8001 if port != 8001 else 8002
            return (
                f"Port {port} is already in use on {host}: probably another `make serve` is still "
                "running (find its terminal and press Ctrl+C there), or another program uses it. "
                f"To use another port: `make serve PORT={other}`, then open the address it prints."
            )
    return None


def serve_command(config_path: Path, host: str, port: int) -> int:
    from mkdocs.config import load_config
    from mkdocs.livereload import LiveReloadServer, _serve_url

    _, problem = config_file.compose(config_path)
    if problem:
        _print_report([problem], "Fix it and run `make serve` again.")
        return 1
    if why := port_problem(host, port):
        print(why, file=sys.stderr)
        return 1
    site_dir = Path(tempfile.mkdtemp(prefix="mkdocs_"))
    try:
        config = load_config(config_file=str(config_path), site_dir=str(site_dir))
    except BaseException as error:  # noqa: BLE001
        _print_report([Problem("mkdocs.yml", None, str(error) or type(error).__name__)], "")
        return 1
    config.plugins.on_startup(command="serve", dirty=False)
    mount_path = urlsplit(config.site_url or "/").path
    serve_url = _serve_url(host, port, mount_path)

    class EditorServer(LiveReloadServer):
        error_html: bytes | None = None

        def _serve_request(self, environ, start_response):
            path = environ["PATH_INFO"]
            if self.error_html is not None and _is_page(path) and (path + "/").startswith(self.mount_path):
                with self._epoch_cond:
                    self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                    epoch = self._visible_epoch
                content = self._inject_js_into_html(self.error_html, epoch)
                start_response("500 Build failed", [
                    ("Content-Type", "text/html; charset=utf-8"),
                    ("Content-Length", str(len(content))),
                    ("Cache-Control", "no-store"),
                ])
                return [content]
            return super()._serve_request(environ, start_response)

    def builder(_config=None) -> None:
        # Never raises: a failed build becomes the page every tab shows (and reloads into).
        log.info("Building documentation...")
        problems = run_build(config_path, site_dir, serve_url=serve_url)
        if problems:
            _print_report(problems, "The browser shows this list until the site builds again.")
            server.error_html = error_page.render(problems, str(config.site_name))
        else:
            server.error_html = None

    server = EditorServer(builder=builder, host=host, port=port, root=str(site_dir), mount_path=mount_path)

    def not_found(code: int) -> bytes | None:
        page = site_dir / f"{code}.html"
        return page.read_bytes() if code == 404 and page.is_file() else None

    server.error_handler = not_found
    try:
        builder()
        server.watch(config.docs_dir)
        server.watch(str(config_path.resolve()))
        for folder in config.theme.dirs[:1]:  # overrides/: the call to action, the quiz templates
            server.watch(folder)
        server = config.plugins.on_serve(server, config=config, builder=builder)
        for item in config.watch:
            server.watch(item)
        try:
            server.serve()
        except KeyboardInterrupt:
            log.info("Shutting down...")
        finally:
            server.shutdown()
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site_dir, ignore_errors=True)
    return 0


def _is_page(path: str) -> bool:
    last = path.rsplit("/", 1)[-1]
    return path.endswith("/") or last.endswith(".html") or "." not in last


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="site", description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("build", "serve"))
    parser.add_argument("-f", "--config-file", default="mkdocs.yml", type=Path)
    parser.add_argument("-d", "--site-dir", default="site", type=Path, help="build: where the site goes")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default=8000, type=int)
    parser.add_argument("-v", "--verbose", action="store_true", help="print every log line as it comes")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    _console_logging(args.verbose)
    try:
        if args.command == "build":
            return build_command(args.config_file, args.site_dir)
        return serve_command(args.config_file, args.host, args.port)
    except KeyboardInterrupt:  # Ctrl+C during a build: stop quietly (site/ is left as it was)
        print("Stopped.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
