"""JupyterLab in a real browser: every lesson runs, and each of its widgets renders and responds.

Run alone with ``pytest -m browser`` (needs Debian's ``chromium`` and the
``playwright`` package from requirements-dev.txt; no browser download).
JupyterLab serves a temporary copy of the notebooks, so nothing in the
repository is modified. The lessons run in order in one server, as a learner
would run them (lesson 04 saves the reference model that 05 and 07 load),
each kernel shut down before the next lesson opens. For every lesson: Run All
Cells, wait until no cell is running, move each widget's slider one step and
wait for its picture to change, check that no cell shows an error or stderr,
and save ``screenshots/NN-lesson.png`` (git-ignored).
"""

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
LESSONS = sorted(p.name for p in (ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
CHOSEN = os.environ.get("BROWSER_LESSONS", "").split()  # e.g. "04 05"; default: every lesson
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-quic",
]  # fmt: skip


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on 127.0.0.1 with a token, serving a copy of notebooks/."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: install Debian's chromium package (apt-get install chromium)")
    root = tmp_path_factory.mktemp("lab")
    shutil.copytree(os.environ.get("BROWSER_NOTEBOOKS_DIR", ROOT / "notebooks"), root / "notebooks")
    config = root / "config"
    (config / "labconfig").mkdir(parents=True)
    # No "Would you like to get notified about official Jupyter news?" toast.
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}})
    )
    # Render every cell (no windowing), so the checks below see all outputs, not just those in view.
    tracker = config / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    tracker.mkdir(parents=True)
    (tracker / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config), DNN_DIGITS_CACHE=str(root / "model-cache"))
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root / 'notebooks'}",
         "--ServerApp.open_browser=False", "--allow-root"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
            break
        except OSError:
            time.sleep(0.5)
    else:
        server.terminate()
        pytest.fail("JupyterLab did not start within 60 s")
    yield base, token
    stop_kernels(base, token)
    server.terminate()
    server.wait(timeout=30)


@pytest.fixture(scope="module")
def page(lab):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        yield context.new_page()
        browser.close()


def stop_kernels(base: str, token: str) -> None:
    """Shut down every running kernel (one lesson's kernel must not hold memory during the next)."""
    listing = urllib.request.urlopen(f"{base}/api/sessions?token={token}", timeout=10)
    for session in json.loads(listing.read()):
        request = urllib.request.Request(f"{base}/api/sessions/{session['id']}?token={token}", method="DELETE")
        urllib.request.urlopen(request, timeout=30)


def expected_widgets(notebook: str) -> int:
    """How many widgets the lesson's stored outputs show (cells whose output is a widget view)."""
    cells = json.loads((ROOT / "notebooks" / notebook).read_text())["cells"]
    return sum(any(WIDGET_VIEW in o.get("data", {}) for o in c.get("outputs", [])) for c in cells)


@pytest.mark.parametrize("notebook", [n for n in LESSONS if not CHOSEN or n[:2] in CHOSEN])
def test_lesson_runs_clean_and_every_widget_responds(lab, page, notebook):
    base, token = lab
    started = time.monotonic()
    stop_kernels(base, token)  # a lesson that failed earlier may have left its kernel running
    # ?reset: a fresh workspace holding only this lesson (otherwise Lab reopens every earlier lesson's tab)
    page.goto(f"{base}/lab/tree/{notebook}?reset&token={token}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    page.get_by_text("| Idle").first.wait_for(timeout=60_000)  # the kernel is ready
    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    page.wait_for_function(  # every cell has run: the last one has a number, and none shows [*]
        """() => { const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')];
                   return prompts.length && !prompts.some(p => p.textContent.includes('*'))
                          && /\\[\\d+\\]/.test(prompts[prompts.length - 1].textContent); }""",
        timeout=600_000,
    )
    widgets = page.locator(".jp-OutputArea-output:has(.widget-slider)")
    assert widgets.count() == expected_widgets(notebook), "a widget did not render"
    for index in range(widgets.count()):
        widget = widgets.nth(index)
        widget.scroll_into_view_if_needed()
        before = widget.inner_html()
        handle = widget.locator(".noUi-handle").first
        handle.focus()
        handle.press("ArrowRight")
        page.wait_for_function(
            "([el, before]) => el.innerHTML !== before", arg=[widget.element_handle(), before], timeout=60_000
        )
    if widgets.count():
        widgets.last.scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{notebook[:2]}-lesson.png"))
    stderr = page.locator("[data-mime-type='application/vnd.jupyter.stderr']")
    assert stderr.count() == 0, stderr.first.inner_text()
    errors = page.locator("[data-mime-type='application/vnd.jupyter.error']")
    assert errors.count() == 0, errors.first.inner_text()
    stop_kernels(base, token)
    print(f"browser test: {notebook} ran, {widgets.count()} widget(s) responded, {time.monotonic() - started:.0f} s")
