"""JupyterLab in a real browser: a lesson runs, its widget renders and responds.

Run alone with ``pytest -m browser`` (needs Debian's ``chromium`` and the
``playwright`` package from requirements-dev.txt; no browser download).
JupyterLab serves a temporary copy of the notebooks, so nothing in the
repository is modified. Screenshots go to ``screenshots/`` (git-ignored).
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
NOTEBOOK = os.environ.get("BROWSER_NOTEBOOK", "05_what_hidden_units_learn.ipynb")
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
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(config))
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


def shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def test_lesson_runs_and_its_widget_responds(lab, page):
    base, token = lab
    started = time.monotonic()
    page.goto(f"{base}/lab/tree/{NOTEBOOK}?token={token}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
    page.get_by_text("| Idle").first.wait_for(timeout=60_000)  # the kernel is ready
    shot(page, "1-opened")

    page.get_by_role("menuitem", name="Run", exact=True).click()
    page.get_by_text("Run All Cells", exact=True).click()
    slider = page.locator(".widget-slider").first
    slider.wait_for(timeout=240_000)
    # Wait until every cell has run (the kernel goes back to idle and no cell shows [*]).
    page.wait_for_function(
        "() => ![...document.querySelectorAll('.jp-InputArea-prompt')].some(p => p.textContent.includes('*'))",
        timeout=240_000,
    )
    slider.scroll_into_view_if_needed()
    shot(page, "2-ran-all")

    # The widget's whole output area: a redrawn figure (a new image) or new text both change it.
    widget = page.locator(".jp-OutputArea-output:has(.widget-slider)").first
    before = widget.inner_html()
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(3):
        handle.press("ArrowRight")
    page.wait_for_function(
        "([el, before]) => el.innerHTML !== before", arg=[widget.element_handle(), before], timeout=30_000
    )
    page.get_by_text("| Idle").first.wait_for(timeout=60_000)
    widget.scroll_into_view_if_needed()
    shot(page, "3-slider-moved")

    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0
    assert page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']").count() == 0
    errors = page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']")
    assert errors.count() == 0, errors.first.inner_text()
    print(f"browser test: {NOTEBOOK} ran and its slider responded in {time.monotonic() - started:.0f} s")
