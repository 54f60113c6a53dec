"""Issue 8: publishing uses only a successful build, locally (scripts/publish) and on GitHub
(.github/workflows/publish.yml); the pull request check builds with annotations."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import yaml

from tests.editing_project import ROOT, copy_project, edit, snapshot

WORKFLOWS = ROOT / ".github" / "workflows"


def publish(project, dest):
    return subprocess.run(
        [str(ROOT / "scripts" / "publish"), str(dest)], cwd=project, capture_output=True, text=True,
        env={**os.environ, "PYTHON": sys.executable, "NO_MKDOCS_2_WARNING": "1"}, timeout=600,
    )


def test_publish_copies_a_good_build_and_leaves_the_live_folder_alone_on_a_bad_one(tmp_path):
    project = copy_project(tmp_path / "project")
    live = tmp_path / "srv" / "site"
    first = publish(project, live)
    assert first.returncode == 0, first.stderr
    assert (live / "index.html").is_file() and not list(live.parent.glob("site.*"))
    before = snapshot(live)

    index = project / "content" / "index.md"
    question = re.search(r'^\?\?\? question "(.+)"$', index.read_text(encoding="utf-8"), re.M)[1]
    edit(index, f'??? question "{question}"', f"??? question {question}")
    second = publish(project, live)
    assert second.returncode != 0
    assert "double quotes" in second.stderr and "Traceback" not in second.stderr
    assert snapshot(live) == before
    assert not list(live.parent.glob("site.*"))


def _workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true


def test_publish_workflow_deploys_from_main_only_after_the_build_succeeded():
    workflow = _workflow("publish.yml")
    assert _triggers(workflow)["push"]["branches"] == ["main"]
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and "if" not in deploy
    steps = build["steps"]
    runs = [step.get("run", "") for step in steps]
    uses = [step.get("uses", "") for step in steps]
    built = runs.index("make build")
    upload = next(i for i, u in enumerate(uses) if u.startswith("actions/upload-pages-artifact"))
    assert built < upload and steps[upload]["with"]["path"].rstrip("/") == "site"
    # Nothing lets a failed build through to the upload.
    assert not any(step.get("continue-on-error") or "always()" in str(step.get("if", "")) for step in steps)


def test_pull_request_check_builds_the_site():
    workflow = _workflow("check.yml")
    assert "pull_request" in _triggers(workflow)
    runs = [step.get("run", "") for step in workflow["jobs"]["build"]["steps"]]
    assert "make build" in runs
