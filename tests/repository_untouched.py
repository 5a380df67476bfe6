"""Nothing a test or a lesson runs may write into the repository: `git status` is the same after the run.

Every notebook runs under nbval with its working folder inside the
repository, so this also proves that running a lesson leaves `git status`
clean. Checked once per session, in the process that controls the run.
"""

import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def git_status() -> set[str] | None:
    """The lines of `git status --porcelain`, or None when this is not a git checkout."""
    result = subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                            capture_output=True, text=True, check=False)  # fmt: skip
    return set(result.stdout.splitlines()) if result.returncode == 0 else None


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):
        session.config._status_before = git_status()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session, exitstatus):
    before = getattr(session.config, "_status_before", None)
    if before is None:
        return
    written = sorted((git_status() or set()) - before)
    if written:
        reporter = session.config.pluginmanager.get_plugin("terminalreporter")
        reporter.write_line("FAILED: the run wrote into the repository:\n  " + "\n  ".join(written), red=True)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
