"""The publishing workflow: check and build on every push, deploy to GitHub Pages from main only."""
from __future__ import annotations

from pathlib import Path

import yaml

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "publish.yml"


def load():
    data = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def steps(job):
    return load()["jobs"][job]["steps"]


def test_every_push_runs_check_then_build():
    workflow = load()
    assert "push" in workflow["on"] and workflow["on"]["push"] is None  # all branches
    runs = [step.get("run", "") for step in steps("build")]
    check = next(i for i, run in enumerate(runs) if run.strip() == "budrus check")
    build = next(i for i, run in enumerate(runs) if "budrus build" in run)
    assert check < build


def test_only_official_actions_are_used():
    used = {step["uses"].split("@")[0] for job in load()["jobs"] for step in steps(job) if "uses" in step}
    assert used == {"actions/checkout", "actions/setup-python", "actions/upload-pages-artifact",
                    "actions/deploy-pages"}


def test_public_is_deployed_from_main_only():
    jobs = load()["jobs"]
    upload = next(step for step in jobs["build"]["steps"] if "upload-pages-artifact" in step.get("uses", ""))
    assert upload["with"]["path"].rstrip("/") == "public"
    assert upload["if"] == "github.ref == 'refs/heads/main'"
    assert jobs["deploy"]["if"] == "github.ref == 'refs/heads/main'"
    assert jobs["deploy"]["needs"] == "build"
    assert jobs["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert jobs["deploy"]["environment"]["name"] == "github-pages"


def test_the_workflow_may_only_read_the_repository_by_default():
    assert load()["permissions"] == {"contents": "read"}
