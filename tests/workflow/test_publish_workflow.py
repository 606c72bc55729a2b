"""The GitHub Actions workflow that publishes the archive: valid, audited, and runnable.

The last test runs the build job's own `run:` steps, in order, in a fresh clone with the
environment a GitHub runner sets, so a workflow that only works on its author's machine fails.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from tests.conftest import ARTIFACTS, PAGES, ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"
BIN = Path(sys.executable).parent
PAGES_URL = "https://example.github.io/archive"
# A page that is in tests/fixtures/ but not in scraped/: "pushed" to the clone as a new scrape.
NEW_PAGE = PAGES / "malicious-en.html"
NEW_SLUG = "defi-lender-freezes-deposits-after-front-end-exploit-drains-47-million"
# The values a runner gives the expressions the build job uses; anything else fails the test.
EXPRESSIONS = {"steps.pages.outputs.base_url": PAGES_URL}


def workflow() -> dict:
    # PyYAML reads the key `on` as True (YAML 1.1); GitHub reads it as "on".
    loaded = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    loaded["on"] = loaded.pop(True, loaded.get("on"))
    return loaded


def test_workflow_matches_githubs_schema():
    result = subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", "vendor.github-workflows", WORKFLOW],
        capture_output=True, text=True, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_of_medium_severity_or_above():
    result = subprocess.run(
        [BIN / "zizmor", "--offline", "--min-severity", "medium", "--format", "json", WORKFLOW.parent],
        capture_output=True, text=True, check=False,
    )
    findings = json.loads(result.stdout or "[]")
    assert [(f["ident"], f["determinations"]["severity"]) for f in findings] == []
    assert result.returncode == 0, result.stderr


def test_triggers_permissions_and_concurrency():
    flow = workflow()
    push = flow["on"]["push"]
    assert push["branches"] == ["main"]
    watched = ("scraped/**", "content/**", "theme/**", "topics.toml", "pelicanconf.py", "requirements*.txt")
    for path in watched:
        assert path in push["paths"], path
    assert "workflow_dispatch" in flow["on"] and flow["on"]["schedule"]
    assert flow["permissions"] == {}  # each job asks for what it needs, nothing more
    assert flow["jobs"]["build"]["permissions"] == {"contents": "read"}
    assert flow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert flow["concurrency"]["cancel-in-progress"] is False  # a running deploy is never cancelled


def test_actions_are_pinned_by_commit_with_their_version():
    uses = re.findall(r"uses:\s*(\S+)(.*)", WORKFLOW.read_text(encoding="utf-8"))
    assert uses
    for action, comment in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), action
        assert re.fullmatch(r"\s*# v\d+(\.\d+)*", comment), (action, comment)


def test_build_job_tests_like_ci_and_caches_pelicans_content():
    steps = workflow()["jobs"]["build"]["steps"]
    runs = [step["run"] for step in steps if "run" in step]
    ci_command = (ROOT / ".ci" / "run").read_text(encoding="utf-8").strip().splitlines()[-1]
    assert ci_command.endswith("make test")
    assert runs[0] == "make test"
    assert "make publish" in runs
    [cache] = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"].split() == ["cache", "output"]  # output: render only what changed
    assert "publishconf.py" in cache["with"]["key"] and "plugins/**" in cache["with"]["key"]
    settings = (ROOT / "publishconf.py").read_text(encoding="utf-8")
    assert 'CHECK_MODIFIED_METHOD = "sha256"' in settings  # checkout resets modification times
    assert 'CACHE_PATH = "cache"' in settings


def test_each_part_of_a_split_build_keeps_a_cache_of_its_own():
    """Issue 26: each runner of the matrix renders and indexes its years with its own cache."""
    steps = workflow()["jobs"]["shard"]["steps"]
    [name] = [step for step in steps if step.get("id") == "part"]
    named = subprocess.run(["bash", "-c", name["run"]], env={**os.environ, "PART": "years:2023,2024",
                           "GITHUB_OUTPUT": "/dev/stdout"}, capture_output=True, text=True, check=True)
    assert named.stdout == "name=years-2023-2024\n"
    [cache] = [step for step in steps if step.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == "cache/shards"  # publish_shards.py build's --work default
    assert cache["with"]["key"].startswith("shard-${{ steps.part.outputs.name }}-")
    assert cache["with"]["restore-keys"] == cache["with"]["key"].removesuffix("${{ github.run_id }}")
    build = next(step for step in steps if "publish_shards.py build" in step.get("run", ""))
    assert steps.index(cache) < steps.index(build)


def _expand(value: str) -> str:
    def known(match: re.Match) -> str:
        expression = match.group(1).strip()
        assert expression in EXPRESSIONS, f"unknown to this test: ${{{{ {expression} }}}}"
        return EXPRESSIONS[expression]

    return re.sub(r"\$\{\{(.*?)\}\}", known, str(value))


def _fresh_clone(target: Path) -> Path:
    """A clone of this repository as it would be committed now (tracked changes and new files too)."""
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(target)], check=True)
    changed = subprocess.run(
        ["git", "ls-files", "--modified", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, text=True, check=True,
    ).stdout.splitlines()
    for name in changed:
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
        else:
            (target / name).unlink(missing_ok=True)  # deleted in the working tree
    return target


def _runner_environment(workspace: Path, temp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "VIRTUAL_ENV", "PYTHONPATH"))}
    files = {name: temp / name.lower() for name in ("GITHUB_ENV", "GITHUB_OUTPUT", "GITHUB_PATH",
                                                    "GITHUB_STEP_SUMMARY")}
    for path in files.values():
        path.touch()
    env.update({name: str(path) for name, path in files.items()})
    env.update(
        CI="true", GITHUB_ACTIONS="true", GITHUB_WORKSPACE=str(workspace), RUNNER_TEMP=str(temp),
        RUNNER_OS="Linux", GITHUB_REPOSITORY="example/archive", GITHUB_REF="refs/heads/main",
        GITHUB_REF_NAME="main", GITHUB_EVENT_NAME="push", GITHUB_RUN_ID="1",
        GITHUB_WORKFLOW="Publish the archive",
        GITHUB_SHA=subprocess.run(["git", "rev-parse", "HEAD"], cwd=workspace, capture_output=True,
                                  text=True, check=True).stdout.strip(),
    )
    return env


def _push_new_scraped_page(workspace: Path) -> None:
    """What a user does: commit one more scraped page, and nothing else."""
    (workspace / "scraped" / "new").mkdir()
    shutil.copy2(NEW_PAGE, workspace / "scraped" / "new" / NEW_PAGE.name)
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com"]
    subprocess.run([*git, "add", "scraped"], cwd=workspace, check=True)
    subprocess.run([*git, "commit", "--quiet", "-m", "Add a scraped page"], cwd=workspace, check=True)


# Each step of the build job, run here (installs come from the package registries, or pip's cache).
STEP_TIMEOUT = 240


def test_build_job_steps_run_in_a_fresh_clone(tmp_path):
    """A new scraped page is pushed, and nothing else: the build job's steps put it on the site."""
    job = workflow()["jobs"]["build"]
    workspace = _fresh_clone(tmp_path / "archive")
    # The project's virtualenv, as installed by `make test` on a clean clone (what CI runs): the
    # steps' `make` then only checks the pinned requirements instead of downloading them again.
    (workspace / ".venv").symlink_to(ROOT / ".venv")
    _push_new_scraped_page(workspace)
    temp = tmp_path / "runner-temp"
    temp.mkdir()
    base_env = _runner_environment(workspace, temp) | {k: _expand(v) for k, v in job.get("env", {}).items()}
    timings = []
    for step in job["steps"]:
        if "run" not in step:
            continue
        if step["run"].strip() == "make test":
            timings.append((step["name"], "(this test suite: .ci/run runs the same `make test`)"))
            continue
        env = base_env | {k: _expand(v) for k, v in step.get("env", {}).items()}
        started = time.monotonic()
        try:
            result = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=workspace, env=env, capture_output=True, text=True, check=False, timeout=STEP_TIMEOUT,
            )
        except subprocess.TimeoutExpired as stopped:
            pytest.fail(f"step {step['name']!r} still running after {STEP_TIMEOUT} s: "
                        f"{(stopped.stderr or b'')[-2000:]!r}")
        timings.append((step["name"], f"{time.monotonic() - started:.1f} s"))
        output = result.stdout[-3000:] + result.stderr[-3000:]
        assert result.returncode == 0, f"step {step['name']!r} failed:\n{output}"

    ARTIFACTS.mkdir(exist_ok=True)
    report = "".join(f"{name}: {took}\n" for name, took in timings)
    (ARTIFACTS / "workflow-steps.txt").write_text(report, encoding="utf-8")
    print(report)

    [upload] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    site = workspace / upload["with"]["path"]
    assert (site / "index.html").is_file() and (site / "pagefind" / "pagefind.js").is_file()
    sample = next(site.glob("articles/*/ja/index.html")).read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PAGES_URL}/articles/' in sample  # SITEURL reached the build
    assert f"<id>{PAGES_URL}/</id>" in (site / "feeds" / "all.atom.xml").read_text(encoding="utf-8")
    assert (site / "articles" / NEW_SLUG / "index.html").is_file()  # the pushed page is published
    [cache] = [s for s in job["steps"] if s.get("uses", "").startswith("actions/cache@")]
    for kept in cache["with"]["path"].split():
        assert (workspace / kept).is_dir()  # what actions/cache saves for the next run
    # Converting on the runner only adds articles: nothing committed is deleted, no page is touched.
    status = subprocess.run(["git", "status", "--porcelain", "content"], cwd=workspace,
                            capture_output=True, text=True, check=True).stdout.splitlines()
    assert [line for line in status if not line.startswith(("??", " M content/articles/"))] == []
    assert any(line.startswith("??") for line in status)


# Tracked files a change to which cannot change the published site.
NOT_THE_SITE = ("tests/", ".ci/", "README.md", ".gitignore", "pyproject.toml", ".github/")


def test_every_file_the_site_is_built_from_triggers_a_publish():
    """A push that changes anything the build reads must publish: derived from the tracked files,
    not from a list kept beside the workflow's."""
    from fnmatch import fnmatch

    patterns = workflow()["on"]["push"]["paths"]
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True)
    built_from = [path for path in tracked.stdout.splitlines() if not path.startswith(NOT_THE_SITE)]
    assert len(built_from) > 50
    unwatched = [path for path in built_from if not any(fnmatch(path, pattern) for pattern in patterns)]
    assert unwatched == []
    assert any(fnmatch(".github/workflows/publish.yml", pattern) for pattern in patterns)
