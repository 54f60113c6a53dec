"""The benchmark command: our assessment page against the naive Pyodide page, and Lighthouse.

    python -m benchmarks.run [--quick] [--runs N] [--no-lighthouse] [--keep]

It builds the site (`mkdocs build --strict`, and again with the other `pyodide_stdlib`), copies
the naive and bare pages into the build, serves each build with the committed nginx config
(brotli on), and measures in headless Chromium, cold and warm cache, alternating the pages
within each run. Prints markdown tables; the raw numbers go to bench-results/ (git-ignored).
Not pass/fail: it exits non-zero only when a measurement could not be taken.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import functools

from . import lighthouse, nginx, phone, report, scenarios, site
from .server import measure as measure_server
from .browser import CHROMIUM_ARGS
from .scenarios import NAIVE, NONE, OURS, Target

RESULTS_DIR = nginx.ROOT / "bench-results"
CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
VISITOR_SECONDS = 10.0
QUICK_VISITOR_SECONDS = 3.0
# A visitor answering on a phone: 2.5 s a question (reading, scrolling, tapping).
PHONE_VISITOR_SECONDS = 30.0
QUICK_PHONE_VISITOR_SECONDS = 6.0


# The visit groups, by the name --only selects them with (each runs its pages back to back).
SCENARIOS = ("answering", "shared", "engine", "reading", "phone-answering", "phone-shared")

_signals: list[int] = []


def _stop_on_sigterm(signum, frame):
    _signals.append(signum)
    raise KeyboardInterrupt(f"signal {signum}")  # runs every finally: servers and browser stop


def machine() -> dict:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        if " hypervisor" in Path("/proc/cpuinfo").read_text():
            cpu += " (virtual machine)"
    except OSError:
        pass
    memory = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass

    def output(*command):
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=20)
            return (done.stdout or done.stderr).strip().splitlines()[0]
        except (OSError, IndexError, subprocess.SubprocessError):
            return None

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "nginx": output(nginx.NGINX, "-v"),
        "node": output("node", "--version"),
        "lighthouse": lighthouse.version(),
        "load_average_start": os.getloadavg(),
    }


def parse_args(argv=None):
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help=f"1 run, a {QUICK_VISITOR_SECONDS:g} s visitor, no Lighthouse (CI keeps it working)")
    parser.add_argument("--runs", type=int, help="runs of every scenario (default 5; quick 1)")
    parser.add_argument("--visitor-seconds", type=float,
                        help=f"how long the answering visitor takes (default {VISITOR_SECONDS:g}; quick {QUICK_VISITOR_SECONDS:g})")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip the Lighthouse audits")
    parser.add_argument("--lighthouse-runs", type=int, default=3, help="Lighthouse runs per page (median; default 3)")
    parser.add_argument("--no-variant", action="store_true", help="skip the second (stdlib) build")
    parser.add_argument("--no-phone", action="store_true",
                        help=f"skip the phone scenarios ({phone.PHONE.describe()})")
    parser.add_argument("--phone-visitor-seconds", type=float,
                        help=f"how long the phone visitor takes (default {PHONE_VISITOR_SECONDS:g}; quick {QUICK_PHONE_VISITOR_SECONDS:g})")
    parser.add_argument("--no-server", action="store_true", help="skip the server CPU/bytes table")
    parser.add_argument("--keep", action="store_true", help="keep the temporary builds and logs")
    parser.add_argument("--only", action="append", choices=SCENARIOS + ("lighthouse",), metavar="SCENARIO",
                        help="run only this scenario and its comparison (repeatable; one of "
                             + ", ".join(SCENARIOS) + "; or lighthouse: only the audits)")
    args = parser.parse_args(argv)
    args.runs = args.runs or (1 if args.quick else 5)
    args.visitor_seconds = args.visitor_seconds or (QUICK_VISITOR_SECONDS if args.quick else VISITOR_SECONDS)
    args.phone_visitor_seconds = args.phone_visitor_seconds or (
        QUICK_PHONE_VISITOR_SECONDS if args.quick else PHONE_VISITOR_SECONDS)
    args.phone = not args.no_phone
    args.server = not args.no_server
    args.lighthouse = not (args.quick or args.no_lighthouse) and (not args.only or "lighthouse" in args.only)
    if args.only:  # only the visits asked for: no server table, no second build unless needed
        args.phone = bool({"phone-answering", "phone-shared"} & set(args.only))
        args.server = False
        args.no_variant = args.no_variant or "engine" not in args.only
    if args.runs < 1 or args.visitor_seconds < 0 or args.phone_visitor_seconds < 0:
        parser.error("--runs must be at least 1 and --visitor-seconds not negative")
    return args


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def measure(args, workdir: Path, out: dict) -> None:
    """Build, serve, visit, audit; fills `out` as it goes (so a failure keeps what was measured)."""
    # 1. Builds.
    main_dir = workdir / "site-main"
    log("building the site (mkdocs build --strict)…")
    out["builds"] = {"main": {"seconds": round(site.build(main_dir), 1)}}
    config = site.quiz_config(main_dir)
    definition = site.definition(main_dir, config)
    out["builds"]["main"].update(stdlib=config.stdlib, pyodide=config.pyodide_version)
    variant_dir, variant_stdlib = None, None
    if not args.no_variant and site.stdlib_option_exists():
        variant_stdlib = next(v for v in site.STDLIB_VALUES if v != config.stdlib)
        variant_dir = workdir / f"site-{variant_stdlib}"
        log(f"building the {site.STDLIB_OPTION}: {variant_stdlib} variant (INHERIT mkdocs.yml)…")
        seconds = site.build_variant(variant_dir, {site.STDLIB_OPTION: variant_stdlib})
        variant_config = site.quiz_config(variant_dir)
        if variant_config.stdlib != variant_stdlib:
            raise site.BuildError(f"the {variant_stdlib} build still ships the {variant_config.stdlib} stdlib")
        out["builds"]["variant"] = {"seconds": round(seconds, 1), "stdlib": variant_stdlib}
    if args.server:
        # Before the comparison pages go in: only what the site itself publishes.
        log("server: nginx CPU and bytes per engine file, with and without the build's copies…")
        nginx.make_world_readable(workdir)
        out["server"] = measure_server(main_dir, workdir, repeats=1 if args.quick else 3)
    site.install_bench_pages(main_dir, config)

    # 2. Servers: the committed nginx config, one per build.
    servers = []
    try:
        nginx.make_world_readable(workdir)
        main = nginx.start(main_dir, workdir / "nginx-main")
        servers.append(main)
        variant = None
        if variant_dir is not None:
            variant = nginx.start(variant_dir, workdir / "nginx-variant")
            servers.append(variant)
        log(f"serving {main.url} (and {variant.url if variant else 'no variant'})")
        if not args.only or set(args.only) - {"lighthouse"}:
            _visits(args, out, main, variant, config, variant_stdlib, definition)
        if args.lighthouse:
            _audits(args, out, main, workdir)
    finally:
        for server in servers:
            server.stop()
            warnings = server.warnings()
            if warnings:
                out.setdefault("errors", []).append(f"nginx warnings: {warnings}")


def _visits(args, out, main, variant, config, variant_stdlib, definition) -> None:
    from playwright.sync_api import sync_playwright

    plan = scenarios.answer_plan(definition)
    ours = Target("ours", main, site.ASSESSMENT_PATH, OURS, "ours")
    naive = Target("naive", main, site.BENCH_PATH, NAIVE, "naive")
    bare = Target("bare", main, site.BENCH_PATH + "bare.html", NONE, "bare")
    article = Target("article", main, site.ARTICLE_PATH, OURS, "article")
    ours_fragment = scenarios.our_share_fragment(config.assessment, plan)
    naive_fragment = scenarios.naive_share_fragment(plan)
    # Pairs run back to back, their order swapped every other run.
    groups = [
        [(ours, "answering", scenarios.visit_answering, (plan, args.visitor_seconds)),
         (naive, "answering", scenarios.visit_answering, (plan, args.visitor_seconds))],
        [(ours, "shared", scenarios.visit_shared, (ours_fragment,)),
         (naive, "shared", scenarios.visit_shared, (naive_fragment,))],
        [(bare, "engine", scenarios.visit_engine, ()),
         (ours, "shared-stdlib", scenarios.visit_shared, (ours_fragment,))],
        [(article, "reading", scenarios.visit_reading, ()),
         (ours, "reading", scenarios.visit_reading, ())],
    ]
    if args.phone:
        # The same pages on an emulated phone and mobile network (benchmarks/phone.py).
        profile = phone.profile_for(args.quick)
        answering = functools.partial(scenarios.visit_answering, profile=profile)
        shared = functools.partial(scenarios.visit_shared, profile=profile)
        groups += [
            [(ours, "phone-answering", answering, (plan, args.phone_visitor_seconds)),
             (naive, "phone-answering", answering, (plan, args.phone_visitor_seconds))],
            [(ours, "phone-shared", shared, (ours_fragment,)),
             (naive, "phone-shared", shared, (naive_fragment,))],
        ]
    if variant is not None:
        other = Target(f"ours-{variant_stdlib}", variant, site.ASSESSMENT_PATH, OURS, "ours")
        groups[2].append((other, "shared-stdlib", scenarios.visit_shared, (ours_fragment,)))
    groups = select_groups(groups, args.only)

    records = out["visits"]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            out["machine"]["chromium"] = browser.version
            for run in range(args.runs):
                for group in groups:
                    for target, scenario, work, extra in (group if run % 2 == 0 else group[::-1]):
                        if _signals:
                            raise KeyboardInterrupt(f"signal {_signals[0]}")
                        for record in scenarios.cold_and_warm(browser, work, target, *extra):
                            record.update(page=target.key, scenario=scenario, run=run + 1)
                            records.append(record)
                            status = record.get("error") or _brief(record)
                            log(f"run {run + 1}/{args.runs} {target.key:<13} {scenario:<13} {record['cache']:<4} {status}")
        finally:
            browser.close()


def select_groups(groups: list[list[tuple]], only: list[str] | None) -> list[list[tuple]]:
    """The groups --only names (by their first scenario: "engine" is the bare page's group)."""
    if not only:
        return groups
    return [group for group in groups if group[0][1] in only]


def _brief(record: dict) -> str:
    parts = []
    for key in ("first_answerable_ms", "result_latency_ms", "result_shown_ms", "engine_ms"):
        if record.get(key) is not None:
            parts.append(f"{key.removesuffix('_ms')}={record[key]:.0f}ms")
    parts.append(f"{record.get('bytes_total', 0) / 1024:.0f}KiB")
    return " ".join(parts)


def _audits(args, out, main, workdir: Path) -> None:
    pages = {"article": main.url + site.ARTICLE_PATH, "assessment": main.url + site.ASSESSMENT_PATH}
    for name, url in pages.items():
        log(f"Lighthouse on the {name} page ({args.lighthouse_runs} run(s))…")
        folder = workdir / f"lighthouse-{name}"
        folder.mkdir(exist_ok=True)
        out["lighthouse"][name] = lighthouse.audit_page(url, folder, args.lighthouse_runs, CHROMIUM)
        for error in out["lighthouse"][name]["errors"]:
            out.setdefault("errors", []).append(error.splitlines()[0])


# --- the report ----------------------------------------------------------------------------------


def render(out: dict) -> str:
    args = out["settings"]
    m = out["machine"]
    records = out["visits"]
    seconds = args["visitor_seconds"]
    quick_note = " (quick mode: a shorter visitor than the 10 s of the full run)" if args["quick"] else ""
    lines = [
        "## Benchmark",
        "",
        f"Measured {out['started']} with `python -m benchmarks.run{' --quick' if args['quick'] else ''}`:"
        f" {args['runs']} run(s) of every scenario, each cold (fresh browser context) and warm (second"
        " load in the same context); median (min–max).",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m.get('memory')}; load average"
        f" {m['load_average_start'][0]:.2f} at start, {m.get('load_average_end', [0])[0]:.2f} at end.",
        f"Chromium {m.get('chromium')} headless (Playwright, the tests' flags, 1280×720);"
        f" Pyodide {out['builds'].get('main', {}).get('pyodide')}; {m.get('nginx')} with the committed"
        f" deploy config (brotli); Lighthouse {m.get('lighthouse')}; Python {m['python']}.",
        "",
    ]
    ours_stdlib = out["builds"].get("main", {}).get("stdlib")
    spec = [
        ("1. First question answerable (ms from navigation)", "answering", "cold", "first_answerable_ms", "ms", "at first paint"),
        ("1. First question answerable (ms from navigation)", "answering", "warm", "first_answerable_ms", "ms", "at first paint"),
        ("2. Long tasks, navigation → result: total (ms)", "answering", "cold", "longtask_total_ms", "ms", "none from the quiz"),
        ("2. Long tasks, navigation → result: longest (ms)", "answering", "cold", "longtask_max_ms", "ms", "none from the quiz"),
        ("2. of which the quiz's scripts ran (ms, long animation frames)", "answering", "cold", "quiz_script_ms", "ms", "0"),
        ("2. Long tasks, navigation → result: total (ms)", "answering", "warm", "longtask_total_ms", "ms", "none from the quiz"),
        ("2. Long tasks, navigation → result: longest (ms)", "answering", "warm", "longtask_max_ms", "ms", "none from the quiz"),
        ("2. of which the quiz's scripts ran (ms, long animation frames)", "answering", "warm", "quiz_script_ms", "ms", "0"),
        (f"3a. Last answer → result, visitor taking {seconds:g} s (ms){quick_note}", "answering", "cold", "result_latency_ms", "ms", "≤ 100"),
        (f"3a. Last answer → result, visitor taking {seconds:g} s (ms){quick_note}", "answering", "warm", "result_latency_ms", "ms", "≤ 100"),
        ("3b. Instant visitor (share link): navigation → result (ms)", "shared", "cold", "result_shown_ms", "ms", ""),
        ("3b. Instant visitor (share link): navigation → result (ms)", "shared", "warm", "result_shown_ms", "ms", ""),
        ("3b. Long tasks, share link → result: total (ms)", "shared", "cold", "longtask_total_ms", "ms", ""),
        ("5. KiB transferred before the visitor starts", "answering", "cold", "bytes_before_start", "KiB", ""),
        ("5. of which Pyodide runtime + wheel (KiB)", "answering", "cold", "pyodide_bytes_before_start", "KiB", ""),
        ("5. KiB transferred in total (to the result)", "answering", "cold", "bytes_total", "KiB", ""),
        ("5. KiB transferred in total (to the result)", "answering", "warm", "bytes_total", "KiB", ""),
    ]
    rows, raw = report.comparison_rows(records, spec, "ours", "naive", "right/left")
    out["summary"]["ours_vs_naive"] = raw
    if args.get("only"):  # --only: the rows of the scenarios that ran
        rows = [row for row in rows if row[2:4] != ["n/a", "n/a"]]
    lines += [
        f"### Our assessment page vs the naive Pyodide page (stdlib: {ours_stdlib})",
        "",
        report.table(["Figure", "cache", "ours", "naive", "naive/ours", "target"], rows),
        "",
    ]

    # Who ran in the long frames on our page (mean per visit): what to fix first.
    for cache in ("cold", "warm"):
        visits = [r for r in records if r.get("page") == "ours" and r.get("scenario") == "answering"
                  and r.get("cache") == cache and "error" not in r]
        totals: dict[str, float] = {}
        for record in visits:
            for url, ms in record.get("long_frame_scripts", {}).items():
                totals[url] = totals.get(url, 0.0) + ms / len(visits)
        if totals:
            top = sorted(totals.items(), key=lambda item: -item[1])[:5]
            lines.append(f"Scripts in long animation frames on our page ({cache}, mean ms per visit): "
                         + ", ".join(f"{url} {ms:.0f}" for url, ms in top) + ".")
    lines.append("")

    # 4. Engine vs bare loadPyodide.
    rows, raw = [], {}
    for cache in ("cold", "warm"):
        ours_engine = report.summary(report.values(records, "ours", "shared-stdlib", cache, "engine_ms"))
        bare_engine = report.summary(report.values(records, "bare", "engine", cache, "engine_ms"))
        rows.append([
            "4. Engine ready: worker created → ready (ms)", cache, report.cell(ours_engine, "ms"),
            report.cell(bare_engine, "ms"), report.ratio(ours_engine, bare_engine), "≤ 1.15×",
        ])
        raw[cache] = {"ours": ours_engine, "bare": bare_engine}
    out["summary"]["engine_vs_bare"] = raw
    lines += [
        "### Our engine vs a bare `loadPyodide()` in a module worker (same run)",
        "",
        "Ours: the share-link visit (the engine starts at page load and loads Pyodide, the `scoring`"
        " wheel and the definition); bare: benchmarks/naive/bare.html.",
        "",
        report.table(["Figure", "cache", "ours", "bare loadPyodide()", "ours/bare", "target"], rows),
        "",
    ]

    # 5. The article and the assessment page as read (no interaction).
    rows, raw = [], {}
    for key, label in (("article", "article page"), ("ours", "assessment page")):
        for cache in ("cold", "warm"):
            total = report.summary(report.values(records, key, "reading", cache, "bytes_total"))
            pyodide_bytes = report.summary(report.values(records, key, "reading", cache, "pyodide_bytes_total"))
            started = report.values(records, key, "reading", cache, "engine_workers")
            workers = [urls for urls in started if urls]
            runs = len(started)
            rows.append([
                f"5. {label}, read without answering", cache, report.cell(total, "KiB"),
                report.cell(pyodide_bytes, "KiB"), f"{len(workers)}/{runs}",
                "< 300 KiB, 0 Pyodide" if key == "article" else "",
            ])
            raw[f"{key} {cache}"] = {"bytes": total, "pyodide_bytes": pyodide_bytes, "worker_started": f"{len(workers)}/{runs}"}
    out["summary"]["reading"] = raw
    lines += [
        "### Pages read without taking the quiz (loaded, then network quiet for 1.5 s)",
        "",
        report.table(["Figure", "cache", "KiB transferred", "of which Pyodide (KiB)", "engine worker started", "target"], rows),
        "",
    ]

    lines += _breakdown_section(records)
    lines += _phone_section(out, records)
    lines += _server_section(out)

    # 6. Stock vs cut standard library.
    variant = out["builds"].get("variant")
    if variant:
        keys = {ours_stdlib: "ours", variant["stdlib"]: f"ours-{variant['stdlib']}"}
        full, minimal = keys.get("full"), keys.get("minimal")
        rows, raw = [], {}
        for label, cache, metric, unit in (
            ("6. KiB transferred, share link → result", "cold", "bytes_total", "KiB"),
            ("6. of which Pyodide runtime + wheel (KiB)", "cold", "pyodide_bytes_total", "KiB"),
            ("6. Engine ready: worker created → ready (ms)", "cold", "engine_ms", "ms"),
            ("6. Engine ready: worker created → ready (ms)", "warm", "engine_ms", "ms"),
            ("6. Share link: navigation → result (ms)", "cold", "result_shown_ms", "ms"),
        ):
            a = report.summary(report.values(records, full, "shared-stdlib", cache, metric))
            b = report.summary(report.values(records, minimal, "shared-stdlib", cache, metric))
            rows.append([label, cache, report.cell(a, unit), report.cell(b, unit), report.ratio(b, a)])
            raw[f"{label} [{cache}]"] = {"full": a, "minimal": b}
        out["summary"]["stdlib"] = raw
        lines += [
            "### Stock vs cut standard library (`pyodide_stdlib: full` vs `minimal`, same run)",
            "",
            report.table(["Figure", "cache", "full", "minimal", "minimal/full"], rows),
            "",
        ]
    else:
        lines += ["(No stdlib comparison: the second build was skipped or the option is missing.)", ""]

    if out.get("lighthouse"):
        lines += ["### Lighthouse 12, mobile, default throttling (median of runs)", "",
                  report.lighthouse_table(out["lighthouse"]), "", "What Lighthouse flagged:", "",
                  report.lighthouse_flags(out["lighthouse"]), ""]
    elif out["settings"]["lighthouse"] is False:
        lines += ["(Lighthouse skipped: --quick or --no-lighthouse.)", ""]

    failed = [r for r in records if "error" in r]
    notes = sorted({n for r in records for n in r.get("notes", [])})
    if failed or out.get("errors"):
        lines += ["### Measurements that failed", ""]
        lines += [f"- {r['page']} {r['scenario']} {r['cache']} run {r['run']}: {r['error']}" for r in failed]
        lines += [f"- {e}" for e in out.get("errors", [])]
        lines.append("")
    if notes:
        lines += ["Console/page notes seen during the visits:", ""]
        lines += [f"- {n[:300]}" for n in notes[:20]]
        lines.append("")
    return "\n".join(lines)


def _breakdown_section(records: list[dict]) -> list[str]:
    """Share link, cold: when each step of the engine's start happened, ours against naive."""
    visits = {page: [r for r in records if r.get("page") == page and r.get("scenario") == "shared"
                     and r.get("cache") == "cold" and "error" not in r] for page in ("ours", "naive")}
    if not visits["ours"] or not visits["naive"]:
        return []
    steps: dict[str, dict[str, list[float]]] = {}
    for page, found in visits.items():
        for record in found:
            moments = {f"stage {name}": at for name, at in record.get("stages", {}).items()}
            for name, (start, end) in record.get("files", {}).items():
                moments[f"{name} requested"] = start
                moments[f"{name} received"] = end
            moments["result shown"] = record.get("result_shown_ms")
            for name, at in moments.items():
                if at is not None:
                    steps.setdefault(name, {}).setdefault(page, []).append(at)
    order = sorted(steps, key=lambda name: report.summary(
        steps[name].get("ours") or steps[name]["naive"])["median"])
    rows = [[name] + [report.cell(report.summary(steps[name].get(page, [])), "ms") for page in ("ours", "naive")]
            for name in order]
    return [
        "### Share link, cold: where the time goes (ms from navigation, median (min–max))",
        "",
        "`stage …`: our engine worker posted that stage's start (assessment-worker.js); a file's"
        " request as Chromium timed it (worker requests included).",
        "",
        report.table(["moment", "ours", "naive"], rows),
        "",
    ]


def _phone_section(out: dict, records: list[dict]) -> list[str]:
    settings = out["settings"]
    if not settings.get("phone"):
        return ["(Phone scenarios skipped: --no-phone.)", ""]
    seconds = settings["phone_visitor_seconds"]
    spec = [
        ("7. First question answerable (ms from navigation)", "phone-answering", "cold", "first_answerable_ms", "ms", "at first paint"),
        ("7. First question answerable (ms from navigation)", "phone-answering", "warm", "first_answerable_ms", "ms", "at first paint"),
        (f"7. Last answer → result, visitor taking {seconds:g} s (ms)", "phone-answering", "cold", "result_latency_ms", "ms", "≤ 100"),
        (f"7. Last answer → result, visitor taking {seconds:g} s (ms)", "phone-answering", "warm", "result_latency_ms", "ms", "≤ 100"),
        ("7. Navigation → result, visitor answering (ms)", "phone-answering", "cold", "result_shown_ms", "ms", ""),
        ("7. Share link: navigation → result (ms)", "phone-shared", "cold", "result_shown_ms", "ms", ""),
        ("7. Share link: navigation → result (ms)", "phone-shared", "warm", "result_shown_ms", "ms", ""),
        ("7. Long tasks, share link → result: total (ms)", "phone-shared", "cold", "longtask_total_ms", "ms", ""),
        ("7. KiB transferred in total, share link (to the result)", "phone-shared", "cold", "bytes_total", "KiB", ""),
    ]
    rows, raw = report.comparison_rows(records, spec, "ours", "naive", "right/left")
    out["summary"]["phone"] = raw
    if settings.get("only"):  # --only: the rows of the scenarios that ran
        rows = [row for row in rows if row[2:4] != ["n/a", "n/a"]]
    return [
        (f"### On a phone: {phone.PHONE.describe()} (Lighthouse's mobile profile, emulated by Chromium)"
         if not settings["quick"] else
         f"### On a phone, quick check: {phone.QUICK_PHONE.describe()} (not the phone figures: `make bench` measures those)"),
        "",
        report.table(["Figure", "cache", "ours", "naive", "naive/ours", "target"], rows),
        "",
    ]


def _server_section(out: dict) -> list[str]:
    measured = out.get("server")
    if not measured:
        return []
    kib = lambda n: "—" if n is None else f"{n / 1024:,.1f}"  # noqa: E731
    rows, total = [], {"raw": 0, "gzip": 0, "brotli": 0, "sent_copies": 0, "sent_fly": 0, "cpu_copies": 0.0, "cpu_fly": 0.0}
    for path, f in measured.items():
        copies, fly = f["copies"], f["on_the_fly"]
        rows.append([
            path.rsplit("/", 1)[-1], kib(f["raw"]), kib(f["gzip"]), kib(f["brotli"]),
            f"{kib(copies['bytes'])} ({copies['encoding']})", f"{kib(fly['bytes'])} ({fly['encoding']})",
            f"{copies['cpu_ms']:,.0f}", f"{fly['cpu_ms']:,.0f}",
        ])
        total["raw"] += f["raw"]
        total["gzip"] += f["gzip"] or f["raw"]
        total["brotli"] += f["brotli"] or f["raw"]
        total["sent_copies"] += copies["bytes"]
        total["sent_fly"] += fly["bytes"]
        total["cpu_copies"] += copies["cpu_ms"]
        total["cpu_fly"] += fly["cpu_ms"]
    rows.append([
        "**all engine files**", kib(total["raw"]), kib(total["gzip"]), kib(total["brotli"]),
        kib(total["sent_copies"]), kib(total["sent_fly"]), f"{total['cpu_copies']:,.0f}", f"{total['cpu_fly']:,.0f}",
    ])
    out["summary"]["server"] = total
    return [
        "### Server: the engine's files (KiB) and nginx CPU per cold request (ms), precompressed copies vs on the fly",
        "",
        "The build as made (`brotli_static`/`gzip_static` send its `.br`/`.gz` copies) against the same build"
        " with the copies removed (nginx compresses on the fly, brotli quality 6); `Accept-Encoding` as Chromium"
        " sends it. A file without a copy did not get smaller by compressing.",
        "",
        report.table(["file", "raw", "gzip copy", "brotli copy", "sent (copies)", "sent (on the fly)",
                      "CPU ms (copies)", "CPU ms (on the fly)"], rows),
        "",
    ]


def main(argv=None) -> int:
    args = parse_args(argv)
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started = datetime.now(timezone.utc)
    out = {
        "started": started.strftime("%Y-%m-%d %H:%M UTC"),
        "settings": {"quick": args.quick, "runs": args.runs, "visitor_seconds": args.visitor_seconds,
                     "phone": args.phone, "phone_visitor_seconds": args.phone_visitor_seconds,
                     "lighthouse": args.lighthouse, "lighthouse_runs": args.lighthouse_runs,
                     "only": args.only},
        "machine": machine(),
        "builds": {},
        "visits": [],
        "lighthouse": {},
        "summary": {},
    }
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    status = 0
    try:
        measure(args, workdir, out)
    except KeyboardInterrupt as stop:
        out.setdefault("errors", []).append(f"interrupted ({stop})")
        status = 128 + (_signals[0] if _signals else signal.SIGINT)
    except Exception as error:
        if _signals:  # the interrupt surfaced as a Playwright error (its connection closed)
            out.setdefault("errors", []).append(f"interrupted (signal {_signals[0]})")
            status = 128 + _signals[0]
        else:
            out.setdefault("errors", []).append(f"{type(error).__name__}: {error}")
            status = 1
    finally:
        if args.keep:
            log(f"kept {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    out["machine"]["load_average_end"] = os.getloadavg()
    out["seconds"] = round((datetime.now(timezone.utc) - started).total_seconds(), 1)
    text = render(out) if out["visits"] or out["lighthouse"] else "\n".join(["## Benchmark", "", *map(str, out.get("errors", []))])
    print(text)
    RESULTS_DIR.mkdir(exist_ok=True)
    stamp = started.strftime("%Y%m%d-%H%M%S") + ("-quick" if args.quick else "")
    for name in (f"bench-{stamp}", "latest"):
        (RESULTS_DIR / f"{name}.json").write_text(json.dumps(out, indent=1, default=str))
        (RESULTS_DIR / f"{name}.md").write_text(text + "\n")
    log(f"raw numbers: bench-results/bench-{stamp}.json ({out['seconds']:.0f} s)")
    if status == 0 and (any("error" in r for r in out["visits"]) or out.get("errors")):
        status = 1
    return status


if __name__ == "__main__":
    sys.exit(main())
