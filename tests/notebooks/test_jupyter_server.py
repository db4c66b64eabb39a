"""The README's notebook command, headless: scripts/notebooks.sh starts Debian's Jupyter
Notebook on loopback with a free port and a token, serves a notebook page with calcsim
importable, and stops cleanly on a shutdown request."""

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = sorted((ROOT / "notebooks").glob("*.ipynb"))[0].name


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, token: str, method: str = "GET") -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode("utf-8", "replace")


@pytest.fixture
def server(tmp_path):
    port, token = free_port(), secrets.token_hex(16)
    env = dict(os.environ, CALCSIM_SKIP_DEPS="1", JUPYTER_RUNTIME_DIR=str(tmp_path / "runtime"),
               JUPYTER_CONFIG_DIR=str(tmp_path / "config"), IPYTHONDIR=str(tmp_path / "ipython"))
    env.pop("PYTHONPATH", None)   # the script must set it itself
    log = open(tmp_path / "server.log", "w+")
    process = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "notebooks.sh"), "--no-build", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", "--port-retries=0", f"--NotebookApp.token={token}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if fetch(f"{base}/api/status", token)[0] == 200:
                    break
            except (urllib.error.URLError, ConnectionError):
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"the notebook server did not start (exit {process.poll()}):\n{log.read()}")
            time.sleep(0.5)
        yield process, base, token
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        log.close()


def test_the_server_serves_the_notebooks_and_stops_cleanly(server):
    process, base, token = server
    status, page = fetch(f"{base}/notebooks/{NOTEBOOK}", token)
    assert status == 200 and NOTEBOOK in page
    status, listing = fetch(f"{base}/api/contents", token)
    assert status == 200 and all(p.name in listing for p in (ROOT / "notebooks").glob("*.ipynb"))
    # Without the token the notebook is not served.
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(f"{base}/api/contents", timeout=10)
    # The server (and so every kernel it starts) can import calcsim.
    environ = dict(item.split("=", 1) for item in
                   Path(f"/proc/{process.pid}/environ").read_text().split("\0") if "=" in item)
    subprocess.run([sys.executable, "-c", "import calcsim"], env={"PYTHONPATH": environ["PYTHONPATH"]}, check=True)
    # A clean stop: the shutdown request ends the server with status 0.
    assert fetch(f"{base}/api/shutdown", token, method="POST")[0] == 200
    assert process.wait(timeout=60) == 0
