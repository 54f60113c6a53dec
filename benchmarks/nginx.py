"""The deployment guide's nginx configuration, run for real on loopback under the sub-path.

Used by tests/test_deploy_nginx.py and by the benchmark, so both measure the server a site owner
deploys: deploy/nginx/pilot-to-production.conf and brotli.conf as committed, changing only the
two lines the file marks `HOST:` (listen and alias), inside a minimal nginx.conf shaped like
Debian's (mime.types in the config folder, the brotli modules loaded).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "nginx"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
BROTLI_MODULES = Path("/usr/lib/nginx/modules")
SUBPATH = "/pilot-to-production/"


class NginxError(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def site_conf_for(site_dir: Path, port: int) -> str:
    """The committed server config with only its two HOST lines changed."""
    text = (DEPLOY / "pilot-to-production.conf").read_text()
    text, listens = re.subn(r"^(\s*)listen 80;", rf"\1listen 127.0.0.1:{port};", text, flags=re.M)
    text, aliases = re.subn(
        r"^(\s*)alias /srv/pilot-to-production/site/;", rf"\1alias {site_dir}/;", text, flags=re.M
    )
    if (listens, aliases) != (1, 1):
        raise NginxError("the HOST lines of deploy/nginx/pilot-to-production.conf have changed")
    return text


def make_world_readable(*paths: Path) -> None:
    """nginx's workers must be able to read the site (they drop root when not run as root)."""
    for top in paths:
        for path in [top, *top.rglob("*")]:
            path.chmod(0o755 if path.is_dir() else 0o644)


@dataclass
class Nginx:
    workdir: Path
    site_dir: Path
    port: int
    process: subprocess.Popen = field(repr=False)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return self.origin + SUBPATH

    def error_log(self) -> str:
        """The whole error log (level warn and up; a 404 logs an `[error] open() failed`)."""
        log = self.workdir / "error.log"
        return log.read_text() if log.exists() else ""

    def warnings(self) -> list[str]:
        """Configuration trouble: the log's [warn] and [emerg] lines."""
        return [line for line in self.error_log().splitlines() if "[warn]" in line or "[emerg]" in line]

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by nginx: the master and its worker processes."""
        ticks = os.sysconf("SC_CLK_TCK")
        pids = [self.process.pid]
        try:
            for task in Path(f"/proc/{self.process.pid}/task").iterdir():
                pids += [int(p) for p in (task / "children").read_text().split()]
        except OSError:
            pass
        total = 0
        for pid in pids:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / ticks

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def start(site_dir: Path, workdir: Path, *, brotli: bool = True, timeout: float = 10.0) -> Nginx:
    """Start nginx (foreground, our own child) serving `site_dir` under SUBPATH on a free port.

    `workdir` receives nginx.conf, the pid file, the error log and the temp paths. The caller
    must call `stop()` (use try/finally). Raises NginxError if nginx is missing or does not
    answer within `timeout` seconds.
    """
    if not Path(NGINX).exists():
        raise NginxError("nginx is missing: run `make test` (it installs Debian's nginx).")
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    (workdir / "site.conf").write_text(site_conf_for(site_dir, port))
    mime = workdir / "mime.types"
    if not mime.exists():
        mime.symlink_to("/etc/nginx/mime.types")
    modules = (
        "".join(
            f"load_module {BROTLI_MODULES / name};\n"
            for name in ("ngx_http_brotli_filter_module.so", "ngx_http_brotli_static_module.so")
        )
        if brotli
        else ""
    )
    temp_paths = "".join(
        f"{kind}_temp_path {workdir / ('tmp-' + kind)};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    user = "user root;\n" if os.geteuid() == 0 else ""
    brotli_conf = f"include {DEPLOY / 'brotli.conf'};\n" if brotli else ""
    (workdir / "nginx.conf").write_text(
        f"{user}{modules}pid {workdir / 'nginx.pid'};\nerror_log {workdir / 'error.log'} warn;\n"
        "events {}\n"
        "http {\n"
        "include mime.types;\ndefault_type application/octet-stream;\naccess_log off;\n"
        f"{temp_paths}include site.conf;\n{brotli_conf}"
        "}\n"
    )
    command = [NGINX, "-p", str(workdir), "-c", str(workdir / "nginx.conf")]
    check = subprocess.run([*command, "-t"], capture_output=True, text=True, timeout=30)
    if check.returncode != 0:
        raise NginxError(f"nginx -t failed:\n{check.stderr}")
    process = subprocess.Popen(
        [*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    server = Nginx(workdir, site_dir, port, process)
    deadline = time.monotonic() + timeout
    while True:
        try:
            urllib.request.urlopen(server.url, timeout=1).close()
            return server
        except urllib.error.HTTPError:
            return server  # it answers (a 404 for an empty site is still an answer)
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                server.stop()
                raise NginxError(f"nginx did not start:\n{server.error_log()}") from None
            time.sleep(0.1)
