"""The shared page, as a reader opens it: `calcsim report --html` written to disk and
opened from the file in headless Chromium. It must render (its charts drawn, its table
and disclaimer shown) with an empty console and without fetching anything."""

import os
import subprocess

import browser
from selenium.webdriver.common.by import By


def test_report_html_opens_offline_with_an_empty_console(tmp_path):
    page = tmp_path / "report.html"
    done = subprocess.run([os.environ["CALCSIM_CLI"], "report", "mk7-dose-response", "--years", "3",
                           "--arms", "placebo,180 mcg", "--html", str(page)],
                          capture_output=True, text=True, timeout=browser.PAGE_SECONDS)
    assert done.returncode == 0, done.stderr
    driver = browser.chromium(tmp_path)
    try:
        driver.get(page.as_uri())
        browser.wait(driver, lambda d: d.execute_script("return document.readyState") == "complete",
                     browser.PAGE_SECONDS, "the page loaded")
        charts = driver.find_elements(By.CSS_SELECTOR, "svg.chart")
        assert len(charts) == 7
        for chart in charts:
            box = chart.rect
            assert box["width"] > 300 and box["height"] > 200
            assert len(chart.find_elements(By.TAG_NAME, "polyline")) == 2   # placebo and 180 mcg
        body = driver.find_element(By.TAG_NAME, "body").text
        assert "not medical advice" in body and "180 mcg" in body and "Provenance" in body
        assert "Arterial score (Agatston-eq.)" in driver.find_element(By.CSS_SELECTOR, "pre.summary").text
        # Nothing fetched from anywhere (every chart is inline), nothing logged.
        assert driver.execute_script("return performance.getEntriesByType('resource').length") == 0
        assert driver.get_log("browser") == []
        browser.screenshot(driver, "report-top")
        browser.screenshot(driver, "report-chart-arterial-score", charts[4])
    finally:
        driver.quit()
