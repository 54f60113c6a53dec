"""Medians, min–max and ratios, as markdown tables (plain text that reads well in a terminal)."""

from __future__ import annotations

import statistics
from collections.abc import Iterable

from .lighthouse import CATEGORIES, TARGETS


def values(records: Iterable[dict], page: str, scenario: str, cache: str, metric: str) -> list[float]:
    return [
        r[metric]
        for r in records
        if r.get("page") == page and r.get("scenario") == scenario and r.get("cache") == cache
        and "error" not in r and r.get(metric) is not None
    ]


def summary(numbers: list[float]) -> dict | None:
    if not numbers:
        return None
    return {
        "median": statistics.median(numbers),
        "min": min(numbers),
        "max": max(numbers),
        "n": len(numbers),
    }


def _number(value: float, unit: str) -> str:
    if unit == "KiB":
        value /= 1024
        return f"{value:,.1f}" if value < 100 else f"{value:,.0f}"
    return f"{value:,.0f}"


def cell(stats: dict | None, unit: str) -> str:
    if stats is None:
        return "n/a"
    median = _number(stats["median"], unit)
    if stats["n"] == 1:
        return median
    return f"{median} ({_number(stats['min'], unit)}–{_number(stats['max'], unit)})"


def ratio(top: dict | None, bottom: dict | None) -> str:
    if top is None or bottom is None:
        return "n/a"
    if bottom["median"] == 0:
        return "—" if top["median"] == 0 else "∞"
    return f"{top['median'] / bottom['median']:.2f}×"


def table(header: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]

    def line(row):
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(row, widths)) + " |"

    return "\n".join([line(header), "|" + "|".join("-" * (w + 2) for w in widths) + "|", *map(line, rows)])


def comparison_rows(records, rows_spec, left: str, right: str, ratio_of: str) -> tuple[list, dict]:
    """rows_spec: (label, scenario, cache, metric, unit, target). ratio_of: 'right/left' etc."""
    rows, raw = [], {}
    for label, scenario, cache, metric, unit, target in rows_spec:
        a = summary(values(records, left, scenario, cache, metric))
        b = summary(values(records, right, scenario, cache, metric))
        r = ratio(b, a) if ratio_of == "right/left" else ratio(a, b)
        rows.append([label, cache, cell(a, unit), cell(b, unit), r, target])
        raw[f"{label} [{cache}]"] = {left: a, right: b}
    return rows, raw


def lighthouse_table(audits: dict[str, dict]) -> str:
    header = ["Lighthouse (mobile)", *CATEGORIES]
    rows = []
    for page, result in audits.items():
        row = [f"{page} ({result.get('runs', 0)} run{'s' if result.get('runs') != 1 else ''})"]
        for name in CATEGORIES:
            score = result.get("scores", {}).get(name)
            row.append("n/a" if score is None else f"{score:g}")
        rows.append(row)
    rows.append(["target", *[str(TARGETS[name]) for name in CATEGORIES]])
    return table(header, rows)


def lighthouse_flags(audits: dict[str, dict]) -> str:
    lines = []
    for page, result in audits.items():
        for error in result.get("errors", []):
            lines.append(f"- {page}: Lighthouse error: {error.splitlines()[0]}")
        metrics = result.get("metrics")
        if metrics:
            lines.append(f"- {page} (the median run): " + ", ".join(f"{k} {v}" for k, v in metrics.items()))
        for item in sorted(result.get("flagged", []), key=lambda i: (i["category"], i["score"])):
            display = f" ({item['display']})" if item.get("display") else ""
            lines.append(
                f"  - [{item['category']}] `{item['id']}`: {item['title']}{display}"
                f" — score {item['score']:.2f}, flagged in {item['in_runs']}/{result['runs']} runs"
                + (f"; {', '.join(item['urls'])}" if item.get("urls") else "")
            )
        if result.get("runs") and not result.get("flagged"):
            lines.append(f"  - nothing flagged on {page}")
    return "\n".join(lines)
