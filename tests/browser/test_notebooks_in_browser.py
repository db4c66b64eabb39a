"""Notebooks 02 and 05 as a student sees them: the README's Jupyter server, headless
Chromium, every cell run from the page. Figures must render as images, no cell may show
an error, a warning or stderr (the false "Widget Javascript not detected" alarm
included), and the explorer's controls, title and text must agree after every redraw,
whether a slider moved or code called ``explorer.update``. Screenshots are kept under
the build tree (browser-screenshots/)."""

import re

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

import browser

NB02 = "02-with-and-without-k2.ipynb"
NB05 = "05-testing-the-claims.ipynb"


@pytest.fixture(scope="module")
def server():
    with browser.jupyter_server() as s:
        yield s


@pytest.fixture
def driver(server, tmp_path, request):
    d = browser.chromium(tmp_path)
    try:
        yield d
    finally:
        # A failed test leaves a screenshot of what the page showed, and its console.
        report = getattr(request.node, "report_call", None)
        if report is not None and report.failed:
            print("screenshot:", browser.screenshot(d, f"FAILED-{request.node.name}"))
            print("console:", *browser.severe_console_messages(d), sep="\n  ")
        d.quit()


def _figures(cells):
    return [i for c in cells for i in c["images"] if i["png"] and i["width"] > 200 and i["height"] > 150]



def test_notebook_05_runs_clean_in_the_browser(server, driver):
    base, token = server.base, server.token
    cells = browser.open_and_run(driver, base, token, NB05)
    assert browser.problems_in(cells) == []
    assert len(_figures(cells)) >= 2
    assert any("all checks passed" in c["text"] for c in cells)
    browser.screenshot(driver, "05-top")
    last_figure = driver.find_elements(By.CSS_SELECTOR, ".output_area img")[-1]
    browser.screenshot(driver, "05-arterial-score-figure", last_figure)


def _explorer_state(driver):
    """What the explorer shows: the agent button pressed, the dose slider's readout,
    the title above the figure, the text line and the figure's image data."""
    return driver.execute_script("""
const panel = Array.from(document.querySelectorAll('.widget-vbox')).find(
    v => v.querySelector('.widget-toggle-buttons') && v.querySelector('.output_area img'));
if (!panel) return null;
const pressed = panel.querySelector('.widget-toggle-buttons button.mod-active, .widget-toggle-buttons button.active');
const readouts = Array.from(panel.querySelectorAll('.widget-readout')).map(r => r.textContent.trim());
const html = Array.from(panel.querySelectorAll('.widget-html')).map(h => h.innerText.trim());
const img = panel.querySelector('.output_area img');
return {agent: pressed ? pressed.textContent.trim() : '', dose: readouts[0], readouts: readouts,
        html: html, image: img ? img.src.length + ':' + img.src.slice(-64) : '',
        image_ok: !!img && img.naturalWidth > 200};
""")


def _agrees(state, agent, dose):
    """Controls, title and text say the same thing: the agent and dose in the title,
    the pressed button, the slider's readout, and a fresh 'Simulated in' line."""
    if not state or not state["image_ok"]:
        return False
    title = next((h for h in state["html"] if " vs " in h), "")
    text = next((h for h in state["html"] if "Simulated in" in h), "")
    return (state["agent"] == agent and float(state["dose"]) == dose
            and f"{agent} {dose:g} mcg/day vs without K2" in title and "with minus without" in text)


def _redrawn(driver, before, agent, dose):
    state = _explorer_state(driver)
    return state if state and state["image"] != before["image"] and _agrees(state, agent, dose) else False


def test_notebook_02_and_its_explorer_in_the_browser(server, driver):
    base, token = server.base, server.token
    console = []
    cells = browser.open_and_run(driver, base, token, NB02, console)
    assert browser.problems_in(cells) == []
    assert len(_figures(cells)) >= 5   # four plots and the explorer's
    assert any("all checks passed" in c["text"] for c in cells)
    console += [e["message"] for e in driver.get_log("browser")]
    assert not any("Could not cross validate" in m or "not compatible" in m for m in console), console
    browser.screenshot(driver, "02-top")

    # The notebook called explorer.update(dose=360) after showing the explorer: the
    # slider, the title and the text must all say 360 (they used to stay at 180).
    state = browser.wait(driver, lambda d: (lambda s: s if _agrees(s, "MK-7", 360) else False)(_explorer_state(d)),
                         browser.PAGE_SECONDS, "explorer shows MK-7 360 after update(dose=360)")
    panel = driver.find_element(By.CSS_SELECTOR, ".widget-vbox .widget-toggle-buttons").find_element(
        By.XPATH, "ancestor::div[contains(@class, 'widget-vbox')][1]")
    browser.screenshot(driver, "02-explorer-after-update-360", panel)

    # Move the dose slider one step up with the keyboard: 360 -> 600.
    handle = panel.find_element(By.CSS_SELECTOR, ".widget-hslider .ui-slider-handle")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", handle)
    handle.click()
    handle.send_keys(Keys.ARROW_RIGHT)
    state = browser.wait(driver, lambda d: _redrawn(d, state, "MK-7", 600), browser.PAGE_SECONDS,
                         "redraw at MK-7 600 after the slider moved")
    browser.screenshot(driver, "02-explorer-slider-600", panel)

    # Press the MK-4 button: the dose list changes to MK-4's and the nearest step is kept.
    button = next(b for b in panel.find_elements(By.CSS_SELECTOR, ".widget-toggle-buttons button")
                  if b.text.strip() == "MK-4")
    button.click()
    state = browser.wait(driver, lambda d: _redrawn(d, state, "MK-4", 600), browser.PAGE_SECONDS,
                         "redraw at MK-4 600 after the MK-4 button")
    browser.screenshot(driver, "02-explorer-mk4", panel)

    # And back down two steps: 600 -> 360 -> 180, each step a redraw that agrees.
    for expected in (360, 180):
        handle = panel.find_element(By.CSS_SELECTOR, ".widget-hslider .ui-slider-handle")
        handle.click()
        handle.send_keys(Keys.ARROW_LEFT)
        state = browser.wait(driver, lambda d: _redrawn(d, state, "MK-4", expected), browser.PAGE_SECONDS,
                             f"redraw at MK-4 {expected}")
    browser.screenshot(driver, "02-explorer-mk4-180", panel)
    assert re.search(r"Simulated in \d+\.\d\d s", " ".join(state["html"]))

    # Tick "90% bands": a redraw with each arm's interval over the posterior draws shaded,
    # the text saying how many draws, the controls unchanged.
    box = panel.find_element(By.CSS_SELECTOR, ".widget-checkbox input[type=checkbox]")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", box)
    box.click()
    state = browser.wait(
        driver, lambda d: (lambda s: s if s and "90% intervals over 40 posterior draws" in " ".join(s["html"])
                           and _redrawn(d, state, "MK-4", 180) else False)(_explorer_state(d)),
        browser.PAGE_SECONDS, "redraw with the 90% bands after the checkbox")
    browser.screenshot(driver, "02-explorer-bands", panel)
    assert browser.problems_in(driver.execute_script(browser.OUTPUTS)) == []
