"""The page `serve` shows in place of every page while the last rebuild failed.

Self-contained (no request to anything that the failed build may not have written), in the
site's colours, readable in dark mode, and it reloads by itself on the next good build (the
live-reload script is added by the server like on any page).
"""

from __future__ import annotations

from html import escape

from .problems import Problem

_STYLE = """
:root { color-scheme: light dark; --bg: #fff; --fg: rgba(0,0,0,.87); --muted: rgba(0,0,0,.6);
  --primary: #4051b5; --card: #f5f5f5; --line: #e53935; --code: #eef0f7; }
@media (prefers-color-scheme: dark) { :root { --bg: #1e2129; --fg: #e2e4e9; --muted: #a6abb8;
  --primary: #5c6bc0; --card: #262a35; --line: #ef9a9a; --code: #2e3342; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.5;
  font: 1rem/1.5 -apple-system, BlinkMacSystemFont, "Segoe UI", Helvetica, Arial, sans-serif; }
header { background: var(--primary); color: #fff; padding: .9rem 1.2rem; font-weight: 700; }
main { max-width: 52rem; margin: 0 auto; padding: 1.2rem; }
h1 { font-size: 1.5rem; margin: .5rem 0 1rem; }
ol { padding: 0; list-style: none; }
li { background: var(--card); border-left: 4px solid var(--line); border-radius: 4px;
  padding: .75rem 1rem; margin: 0 0 .8rem; overflow-wrap: anywhere; }
.where { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-weight: 700;
  display: block; margin-bottom: .25rem; }
code { background: var(--code); padding: 0 .2em; border-radius: 3px;
  font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.note { color: var(--muted); }
"""


def _inline_code(text: str) -> str:
    """`backticks` in a message become <code>, the rest is escaped."""
    parts = escape(text).split("`")
    return "".join(f"<code>{part}</code>" if i % 2 else part for i, part in enumerate(parts))


def render(problems: list[Problem], site_name: str) -> bytes:
    items = []
    for problem in dict.fromkeys(problems):
        where = f"{problem.file}, line {problem.line}" if problem.line else problem.file
        head = f'<span class="where">{escape(where)}</span>' if where else ""
        items.append(f"<li>{head}{_inline_code(problem.message)}</li>")
    count = len(items)
    title = "1 problem to fix" if count == 1 else f"{count} problems to fix"
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>Not built: {title} · {escape(site_name)}</title>
<style>{_STYLE}</style></head>
<body><header>{escape(site_name)} · preview</header>
<main role="main" aria-labelledby="error-title">
<h1 id="error-title">The site could not be built: {title}</h1>
<p>Open each file at the line shown, make the change described, and save. This page reloads by
itself as soon as the site builds again. Nothing has been published.</p>
<ol>{''.join(items)}</ol>
<p class="note">The same list is in the terminal where <code>make serve</code> runs.</p>
</main></body></html>
""".encode("utf-8")
