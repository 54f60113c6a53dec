"""The `editorial` plugin and the `scripts/site` commands: the marketer's safety net.

- `problems`: one problem = file, line, what is wrong and what to write; one report per build;
- `urls`: link checks (dangerous schemes, https, booking placeholders, e-mail);
- `config_file`: mkdocs.yml read before MkDocs does, so a typo gets a line and a fix, not a traceback;
- `pages`: what each page must keep (quiz and figure markers, the FAQ and its anchor);
- `plugin`: runs the checks during the build and logs each problem as a strict-mode warning;
- `cli`: `build` (all or nothing) and `serve` (errors shown in the browser tab).
"""
