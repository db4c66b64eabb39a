"""What the browser tests share: headless Chromium through selenium, and the README's
Jupyter server (scripts/notebooks.sh) on loopback with the notebooks copied to a scratch
directory, so that running them never writes into the repository."""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
import typing
import urllib.error
import urllib.request
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.support.ui import WebDriverWait

ROOT = Path(__file__).resolve().parents[2]
BUILD = Path(os.environ.get("CALCSIM_BUILD_DIR", ROOT / "build" / "release"))
#: Where the screenshots are kept for people to look at.
SCREENSHOTS = BUILD / "browser-screenshots"
#: Generous waits: two shared cores under load run a notebook several times slower.
PAGE_SECONDS = 120
RUN_SECONDS = 420


def chromium(tmp: Path) -> webdriver.Chrome:
    """Headless Debian Chromium with a fresh profile, its console log kept."""
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                 f"--user-data-dir={tmp / 'chromium-profile'}", "--window-size=1280,1000"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    service = Service(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver",
                      log_path=str(tmp / "chromedriver.log"))
    driver = webdriver.Chrome(service=service, options=options)
    driver.set_page_load_timeout(PAGE_SECONDS)
    driver.set_script_timeout(PAGE_SECONDS)
    return driver


def screenshot(driver: webdriver.Chrome, name: str, element=None) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    if element is not None:
        driver.execute_script("arguments[0].scrollIntoView({block: 'start'});", element)
        element.screenshot(str(path))
    else:
        driver.save_screenshot(str(path))
    return path


def wait(driver, condition, seconds: float, what: str):
    return WebDriverWait(driver, seconds, poll_frequency=0.5).until(condition, message=f"timed out: {what}")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server(typing.NamedTuple):
    base: str            # http://127.0.0.1:PORT
    token: str
    notebooks: Path      # the folder it serves
    process: subprocess.Popen


@contextlib.contextmanager
def jupyter_server(copy: bool = True):
    """The README's notebook command (scripts/notebooks.sh --no-build) on a free loopback
    port with a token; yields a :class:`Server`. With `copy` it serves copies of the
    notebooks (so running them never writes into the repository), else notebooks/."""
    tmp = Path(tempfile.mkdtemp(prefix="calcsim-jupyter-"))
    notebooks = tmp / "notebooks" if copy else ROOT / "notebooks"
    if copy:
        shutil.copytree(ROOT / "notebooks", notebooks)
    port, token = _free_port(), secrets.token_hex(16)
    env = dict(os.environ, CALCSIM_SKIP_DEPS="1", CALCSIM_BUILD_DIR=str(BUILD), CALCSIM_NOTEBOOK_DIR=str(notebooks),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), JUPYTER_CONFIG_DIR=str(tmp / "config"),
               JUPYTER_DATA_DIR=str(tmp / "data"), IPYTHONDIR=str(tmp / "ipython"), MPLCONFIGDIR=str(tmp / "mpl"))
    env.pop("PYTHONPATH", None)   # the script sets it itself
    env.pop("MPLBACKEND", None)   # the notebook's own inline backend
    log = open(tmp / "server.log", "w+")
    process = subprocess.Popen(
        ["bash", str(ROOT / "scripts" / "notebooks.sh"), "--no-build", "--no-browser", "--ip=127.0.0.1",
         f"--port={port}", "--port-retries=0", f"--NotebookApp.token={token}"],
        env=env, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    server = Server(f"http://127.0.0.1:{port}", token, notebooks, process)
    try:
        deadline = time.monotonic() + PAGE_SECONDS
        while not _answers(server):
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError(f"the notebook server did not start (exit {process.poll()}):\n{log.read()}")
            time.sleep(0.5)
        yield server
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)


def fetch(server: Server, path: str, method: str = "GET") -> tuple[int, str]:
    """GET (or `method`) a server path with the token; (status, body)."""
    request = urllib.request.Request(f"{server.base}{path}", method=method,
                                     headers={"Authorization": f"token {server.token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode("utf-8", "replace")


def _answers(server: Server) -> bool:
    try:
        return fetch(server, "/api/status")[0] == 200
    except (urllib.error.URLError, ConnectionError):
        return False


# JavaScript run in the notebook page (Jupyter Notebook 6's `Jupyter` object).
KERNEL_READY = "return !!(window.Jupyter && Jupyter.notebook && Jupyter.notebook.kernel && " \
               "Jupyter.notebook.kernel.is_connected() && Jupyter.notebook._fully_loaded);"
ALL_RAN = """
const cells = Jupyter.notebook.get_cells().filter(c => c.cell_type === 'code');
return cells.every(c => typeof c.input_prompt_number === 'number') && !Jupyter.notebook.kernel_busy;
"""
OUTPUTS = """
return Jupyter.notebook.get_cells().map((c, k) => c.cell_type !== 'code' ? null : ({
  cell: k,
  outputs: c.output_area.outputs.map(o => ({type: o.output_type, name: o.name || '', text: o.text || '',
                                           ename: o.ename || '', mime: Object.keys(o.data || {})})),
  images: Array.from(c.element[0].querySelectorAll('img')).map(i =>
      ({png: i.src.startsWith('data:image/png'), width: i.naturalWidth, height: i.naturalHeight})),
  text: c.output_area.element[0].innerText + (c.element[0].querySelector('.widget-area') ? c.element[0].querySelector('.widget-area').innerText : ''),
})).filter(x => x !== null);
"""


#: What the widgets' page logs once the kernel's ipywidgets answered its version check.
WIDGETS_CHECKED = "Widget backend and frontend versions are compatible"


def open_and_run(driver, base: str, token: str, notebook: str, console: list[str] | None = None) -> list[dict]:
    """Opens a notebook, waits until its kernel is up and has passed the widgets' version
    check (as a student does who opens a notebook, then runs it), runs all cells, waits
    for the last and returns each code cell's outputs. The console's messages are added
    to `console`. Autosave is off: the copy is never written back.

    The wait matters: ipywidgets 6 checks the version once, as the kernel connects, and
    a cell that shows a widget before the kernel has processed the answer warns "Widget
    Javascript not detected". A kernel that never answers (one that does not load
    ipywidgets as it starts) fails here."""
    console = [] if console is None else console
    driver.get(f"{base}/notebooks/{notebook}?token={token}")
    wait(driver, lambda d: d.execute_script(KERNEL_READY), PAGE_SECONDS, f"{notebook}: kernel ready")

    def checked(d) -> bool:
        console.extend(e["message"] for e in d.get_log("browser"))
        return any(WIDGETS_CHECKED in m for m in console)

    # The page logs this as it sends its answer; the kernel's shell channel takes
    # messages in order, so the answer is processed before any cell run from now on.
    wait(driver, checked, PAGE_SECONDS, f"{notebook}: the widgets' version check passed")
    driver.execute_script("Jupyter.notebook.set_autosave_interval(0); Jupyter.notebook.execute_all_cells();")
    wait(driver, lambda d: d.execute_script(ALL_RAN), RUN_SECONDS, f"{notebook}: every cell ran")
    return driver.execute_script(OUTPUTS)


def problems_in(cells: list[dict]) -> list[str]:
    """Errors, warnings and stderr in the outputs: what a student would see as a red or pink box."""
    problems = []
    for cell in cells:
        for o in cell["outputs"]:
            if o["type"] == "error":
                problems.append(f"cell {cell['cell']}: error {o['ename']}")
            elif o["type"] == "stream" and o["name"] == "stderr":
                problems.append(f"cell {cell['cell']}: stderr: {o['text'][:300]}")
        lowered = cell["text"].lower()
        for word in ("warning", "traceback", "not detected"):
            if word in lowered:
                problems.append(f"cell {cell['cell']}: '{word}' in its output: {cell['text'][:300]}")
    return problems


def severe_console_messages(driver) -> list[str]:
    return [f"{e['level']}: {e['message']}" for e in driver.get_log("browser") if e["level"] in ("SEVERE", "WARNING")]
