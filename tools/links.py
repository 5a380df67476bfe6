"""Launch links and the Colab install cell of every notebook, generated from the one repository URL.

Usage (from the repository root)::

    python -m tools.links          # rewrite the notebooks and the README's lesson table
    python -m tools.links --check  # only report what is out of date (exit 1 if anything is)

The repository's address is written once, in ``pyproject.toml``
(``[project.urls] Repository``). From it come, for each lesson:

* a row of two badges under the navigation line of its first cell: "Open in
  Binder" (JupyterLab on mybinder.org, opened at this notebook) and "Open in
  Colab" (Google Colab, which fetches only this .ipynb);
* its first code cell, which installs the series' helpers with pip from the
  repository when they are missing (on Colab, or on any machine without
  this repository), before anything else runs;
* the Binder and Colab columns of the README's lesson table.

A fork changes the one line in pyproject.toml and runs this command.
"""

import argparse
import re
import sys
import tomllib

import nbformat

from tools.execute import ROOT, lesson_notebooks

README = ROOT / "README.md"
BINDER_BADGE = "https://mybinder.org/badge_logo.svg"
COLAB_BADGE = "https://colab.research.google.com/assets/colab-badge.svg"
INSTALL_TAG = "install-helpers"


def repository_url() -> str:
    """The repository's address, from pyproject.toml, e.g. https://github.com/OWNER/REPO."""
    url = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]["Repository"]
    if not re.fullmatch(r"https://github\.com/[\w.-]+/[\w.-]+", url):
        raise ValueError(f"the Repository URL in pyproject.toml must be https://github.com/OWNER/REPO, got {url}")
    return url


def _owner_repo() -> str:
    return repository_url().removeprefix("https://github.com/")


def binder_url(notebook: str) -> str:
    """mybinder.org's link that opens JupyterLab at `notebook` (a file name in notebooks/)."""
    return f"https://mybinder.org/v2/gh/{_owner_repo()}/HEAD?urlpath=lab/tree/notebooks/{notebook}"


def colab_url(notebook: str) -> str:
    """Google Colab's link that opens `notebook` from the main branch."""
    return f"https://colab.research.google.com/github/{_owner_repo()}/blob/main/notebooks/{notebook}"


def launch_row(notebook: str) -> str:
    """The two badges that open `notebook` on Binder and on Colab (one Markdown line)."""
    return (f"[![Open in Binder]({BINDER_BADGE})]({binder_url(notebook)}) "
            f"[![Open in Colab]({COLAB_BADGE})]({colab_url(notebook)})")  # fmt: skip


def install_cell_source() -> str:
    """The first code cell of every lesson: install the helpers from the repository when they are missing."""
    return (
        "# On Colab, or anywhere without this repository, install the series' helpers first.\n"
        "import importlib.util\n"
        "\n"
        'if importlib.util.find_spec("helpers") is None:\n'
        f"    %pip install --quiet git+{repository_url()}\n"
    ).rstrip("\n")


def with_links(notebook: nbformat.NotebookNode, name: str) -> nbformat.NotebookNode:
    """`notebook` with its launch row (after the navigation line) and its install cell up to date."""
    first = notebook.cells[0]
    lines = [line for line in first.source.splitlines() if not line.startswith("[![Open in Binder]")]
    rest = lines[1:]
    while rest and not rest[0].strip():
        rest = rest[1:]
    lines = [lines[0], "", launch_row(name), "", *rest]
    first.source = "\n".join(lines)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    if code and INSTALL_TAG in code[0].metadata.get("tags", []):
        code[0].source = install_cell_source()
    else:
        cell = nbformat.v4.new_code_cell(install_cell_source(), metadata={"tags": [INSTALL_TAG]})
        notebook.cells.insert(notebook.cells.index(code[0]) if code else 1, cell)
    return notebook


def readme_table_row(notebook: str, title: str, summary: str) -> str:
    """One row of the README's lesson table, with its launch links."""
    return (f"| [{title}](notebooks/{notebook}) | {summary} | [Binder]({binder_url(notebook)}) "
            f"| [Colab]({colab_url(notebook)}) |")  # fmt: skip


def with_readme_links(readme: str) -> str:
    """The README with the Binder and Colab columns of its lesson table pointing at the current repository."""

    def fix(match: re.Match) -> str:
        notebook, title, summary = match["notebook"], match["title"], match["summary"]
        return readme_table_row(notebook, title, summary)

    row = re.compile(r"^\| \[(?P<title>[^\]]+)\]\(notebooks/(?P<notebook>[^)]+)\) \| (?P<summary>.*?) \|"
                     r" \[Binder\]\([^)]*\) \| \[Colab\]\([^)]*\) \|$", re.MULTILINE)  # fmt: skip
    return row.sub(fix, readme)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report out-of-date files instead of writing them")
    args = parser.parse_args(argv)
    stale = []
    for path in lesson_notebooks():
        before = nbformat.read(path, as_version=4)
        after = with_links(nbformat.from_dict(before), path.name)
        if after != before:
            stale.append(path)
            if not args.check:
                nbformat.write(after, path)
    readme = README.read_text()
    if with_readme_links(readme) != readme:
        stale.append(README)
        if not args.check:
            README.write_text(with_readme_links(readme))
    for path in stale:
        print(f"{'out of date' if args.check else 'updated'}: {path.relative_to(ROOT)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
