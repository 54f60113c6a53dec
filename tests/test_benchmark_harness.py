"""The benchmark's parts that can rot silently: its view of the build, the share-link format it
writes, and a report that prints every row. (CI also runs `make bench-quick`.)
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import ROOT, SUBPATH

from benchmarks import phone, run, scenarios, site


def test_the_naive_page_is_pointed_at_the_builds_own_runtime(built_site, tmp_path):
    copy = tmp_path / "site"
    shutil.copytree(built_site, copy)
    config = site.quiz_config(copy)
    for url in (config.index_url + "pyodide.mjs", config.lock_file_url, config.definition):
        path = url.split("?", 1)[0]
        assert path.startswith(SUBPATH)
        assert (copy / path[len(SUBPATH) :]).is_file(), url
    questions = site.definition(copy, config)["questions"]
    assert len(scenarios.answer_plan(site.definition(copy, config))) == len(questions)

    folder = site.install_bench_pages(copy, config)
    page = (folder / "index.html").read_text()
    assert f'data-index-url="{config.index_url}"' in page
    assert f'data-lock-file-url="{config.lock_file_url}"' in page
    assert 'data-definition=""' not in page
    assert f'data-lock-file-url="{config.lock_file_url}"' in (folder / "bare.html").read_text()


def test_the_stdlib_variant_repeats_every_plugin():
    plugins = site.variant_plugins({"pyodide_stdlib": "minimal"})
    names = [p if isinstance(p, str) else next(iter(p)) for p in plugins]
    assert "assessment" in names and "search" in names
    assert {"assessment": {"pyodide_stdlib": "minimal"}} in plugins or any(
        isinstance(p, dict) and p.get("assessment", {}).get("pyodide_stdlib") == "minimal" for p in plugins
    )


@pytest.mark.node
def test_share_links_are_written_as_the_front_end_reads_them():
    plan = [("outcome", "named.metric"), ("data", "a,b"), ("users", "one team")]
    share_js = ROOT / "overrides" / "assets" / "javascripts" / "assessment" / "share.js"
    script = (
        # The benchmark writes v1 links (ids, no page needed); the front end makes v2 and still
        # reads v1, whose writer is encodeV1.
        f"import {{ encodeV1 as encode }} from {json.dumps(share_js.as_uri())};"
        f"process.stdout.write(encode('ladder', Object.fromEntries({json.dumps(plan)})));"
    )
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: run `make test`.")
    done = subprocess.run(
        [node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert scenarios.our_share_fragment("ladder", plan) == done.stdout


def _records():
    records = []
    figures = {
        "ours": dict(first_answerable_ms=120, result_latency_ms=40, result_shown_ms=3000, engine_ms=2900),
        "naive": dict(first_answerable_ms=3100, result_latency_ms=10, result_shown_ms=3200, engine_ms=None),
        "bare": dict(engine_ms=2600),
        "ours-minimal": dict(result_shown_ms=2500, engine_ms=2400),
        "article": dict(),
    }
    scenario_of = {
        "ours": ["answering", "shared", "shared-stdlib", "reading", "phone-answering", "phone-shared"],
        "naive": ["answering", "shared", "phone-answering", "phone-shared"],
        "bare": ["engine"],
        "ours-minimal": ["shared-stdlib"],
        "article": ["reading"],
    }
    for page, scenario_names in scenario_of.items():
        for scenario in scenario_names:
            for cache in ("cold", "warm"):
                for number in (1, 2, 3):
                    records.append({
                        "page": page, "scenario": scenario, "cache": cache, "run": number,
                        "longtask_total_ms": 60.0 * number, "longtask_max_ms": 55.0,
                        "bytes_total": 100_000 * number, "pyodide_bytes_total": 0,
                        "bytes_before_start": 90_000, "pyodide_bytes_before_start": 0,
                        "engine_workers": [], "notes": [],
                        **figures[page],
                    })
    return records


def test_the_report_has_every_row():
    out = {
        "started": "2026-01-01 00:00 UTC",
        "settings": {"quick": True, "runs": 3, "visitor_seconds": 3.0, "lighthouse": False,
                     "phone": True, "phone_visitor_seconds": 6.0},
        "machine": {"cpu": "Test CPU", "cores": 2, "memory": "1 GiB", "python": "3.12",
                    "load_average_start": (1.0, 1.0, 1.0), "load_average_end": (2.0, 1.0, 1.0),
                    "chromium": "1.0", "nginx": "nginx", "lighthouse": "12"},
        "builds": {"main": {"stdlib": "full", "pyodide": "314.0.7"}, "variant": {"stdlib": "minimal"}},
        "visits": _records(),
        "lighthouse": {},
        "summary": {},
        "server": {
            "assets/assessment/pyodide/314.0.7/pyodide.asm.wasm": {
                "raw": 9_598_218, "gzip": 3_528_803, "brotli": 2_741_061,
                "copies": {"bytes": 2_741_061, "encoding": "br", "cpu_ms": 0.0},
                "on_the_fly": {"bytes": 3_196_611, "encoding": "br", "cpu_ms": 480.0},
            },
        },
    }
    text = run.render(out)
    for label in (
        "1. First question answerable", "2. Long tasks, navigation → result: total",
        "2. Long tasks, navigation → result: longest", "3a. Last answer → result, visitor taking 3 s",
        "quick mode", "3b. Instant visitor (share link)", "4. Engine ready",
        "5. KiB transferred before the visitor starts", "5. KiB transferred in total",
        "5. article page, read without answering", "6. KiB transferred, share link → result",
        "6. Engine ready", "Test CPU, 2 cores",
        # A quick run (these settings) checks the phone on the faster profile, and says so.
        f"### On a phone, quick check: {phone.QUICK_PHONE.describe()}", "7. First question answerable",
        "7. Last answer → result, visitor taking 6 s", "7. Share link: navigation → result",
        "7. Navigation → result, visitor answering", "### Server:", "pyodide.asm.wasm", "2,676.8 (br)", "480",
    ):
        assert label in text, label
    assert "n/a" not in text.split("### Stock")[0].split("### Our engine")[1]  # engine rows filled
    assert "25.83×" in text  # 3100 / 120: naive/ours, first question answerable
    assert "1.12×" in text  # 2900 / 2600: ours/bare
    assert phone.profile_for(quick=False) is phone.PHONE  # make bench: Lighthouse's Slow 4G
    phone_rows = text.split("### On a phone")[1].split("###")[0]
    assert "n/a" not in phone_rows and "25.83×" in phone_rows  # every phone row filled, with its ratio


def test_only_runs_the_named_visit_groups_and_skips_the_rest():
    groups = [[("t", name, None, ())] for name in run.SCENARIOS]
    assert run.select_groups(groups, None) == groups
    assert [g[0][1] for g in run.select_groups(groups, ["shared", "phone-shared"])] == ["shared", "phone-shared"]
    args = run.parse_args(["--only", "shared"])
    assert (args.only, args.phone, args.server, args.lighthouse, args.no_variant) == (["shared"], False, False, False, True)
    args = run.parse_args(["--only", "phone-shared", "--only", "engine"])
    assert args.phone and not args.no_variant  # the engine group compares the stdlib builds
    args = run.parse_args(["--only", "lighthouse"])  # the audits alone
    assert args.lighthouse and not args.phone and not args.server
    assert not run.parse_args(["--only", "lighthouse", "--no-lighthouse"]).lighthouse
    with pytest.raises(SystemExit):
        run.parse_args(["--only", "no-such-scenario"])


def test_the_share_link_breakdown_lists_each_moment_for_both_pages():
    records = []
    for page, stages, files, shown in (
        ("ours", {"worker created": 100.0, "start-python": 300.0, "ready": 1500.0},
         {"pyodide.asm.wasm": [310.0, 700.0]}, 1600.0),
        ("naive", {}, {"pyodide.asm.wasm": [90.0, 600.0]}, 2400.0),
    ):
        for run_number in (1, 2, 3):
            records.append({"page": page, "scenario": "shared", "cache": "cold", "run": run_number,
                            "stages": stages, "files": files, "result_shown_ms": shown})
    text = "\n".join(run._breakdown_section(records))
    rows = {line.split("|")[1].strip(): [c.strip().split(" (")[0] for c in line.split("|")[2:4]]
            for line in text.splitlines() if line.startswith("| ") and "moment" not in line}
    assert rows["stage worker created"] == ["100", "n/a"]
    assert rows["pyodide.asm.wasm received"] == ["700", "600"]
    assert rows["result shown"] == ["1,600", "2,400"]
    order = list(rows)
    assert order.index("stage start-python") < order.index("pyodide.asm.wasm received") < order.index("stage ready")
    assert run._breakdown_section([r for r in records if r["page"] == "ours"]) == []  # nothing to compare
