"""The README's notebook command, headless: scripts/notebooks.sh starts Debian's Jupyter
Notebook on loopback with a free port and a token, serves a notebook page with calcsim
importable and kernels that load ipywidgets as they start, and stops cleanly on a
shutdown request. The server helper is the browser tests' (tests/browser/browser.py)."""

import json
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "browser"))
import browser  # noqa: E402

ROOT = browser.ROOT
NOTEBOOK = sorted((ROOT / "notebooks").glob("*.ipynb"))[0].name


@pytest.fixture
def server():
    with browser.jupyter_server(copy=False) as s:
        yield s


def test_the_server_serves_the_notebooks_and_stops_cleanly(server):
    status, page = browser.fetch(server, f"/notebooks/{NOTEBOOK}")
    assert status == 200 and NOTEBOOK in page
    status, listing = browser.fetch(server, "/api/contents")
    assert status == 200 and all(p.name in listing for p in (ROOT / "notebooks").glob("*.ipynb"))
    # Without the token the notebook is not served.
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{server.base}/api/contents", timeout=10)
    # The server (and so every kernel it starts) can import calcsim.
    environ = dict(item.split("=", 1) for item in
                   Path(f"/proc/{server.process.pid}/environ").read_text().split("\0") if "=" in item)
    subprocess.run([sys.executable, "-c", "import calcsim"], env={"PYTHONPATH": environ["PYTHONPATH"]}, check=True)
    # Its kernels load ipywidgets as they start, before the page checks the widgets'
    # version (without it every explorer showed "Widget Javascript not detected").
    status, specs = browser.fetch(server, "/api/kernelspecs")
    argv = json.loads(specs)["kernelspecs"]["python3"]["spec"]["argv"]
    assert "--ext=ipywidgets" in argv, argv
    # A clean stop: the shutdown request ends the server with status 0.
    assert browser.fetch(server, "/api/shutdown", method="POST")[0] == 200
    assert server.process.wait(timeout=60) == 0
