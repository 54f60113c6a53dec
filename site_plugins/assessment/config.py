"""Options of the `assessment` plugin, as set under `plugins: - assessment:` in mkdocs.yml."""

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class AssessmentConfig(Config):
    enabled = c.Type(bool, default=True)

    # Where the quiz definitions live, relative to docs_dir: every `*.yml` in it is one assessment,
    # named by its file stem (`ladder.yml` is embedded with `<!-- assessment: ladder -->`).
    definitions_dir = c.Type(str, default="assessments")

    # Where generated assets go inside the built site.
    assets_dir = c.Type(str, default="assets/assessment")

    # The Pyodide runtime, taken from the npm package `pyodide` and verified against the
    # registry's sha512 integrity. The version is a setting because some releases broke browsers.
    pyodide_version = c.Type(str, default="314.0.7")
    pyodide_registry = c.Type(str, default="https://registry.npmjs.org")
    # Relative to the directory holding mkdocs.yml.
    pyodide_cache_dir = c.Type(str, default=".cache/pyodide")
    # `minimal`: a standard library cut to what the engine imports; `full`: Pyodide's own zip.
    pyodide_stdlib = c.Choice(("minimal", "full"), default="full")

    # Stall period, in seconds: the browser gives up on the engine (telling the visitor and
    # offering a retry) only when nothing has arrived for this long. A slow download that keeps
    # moving is never cut off.
    engine_timeout = c.Type(int, default=45)
