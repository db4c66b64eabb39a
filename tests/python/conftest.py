"""Shared fixtures for the calcsim Python tests (run through ctest, which puts the
build tree's python/ directory on PYTHONPATH)."""

import os
import shutil

import pytest

import calcsim


@pytest.fixture(scope="session")
def cli():
    """The calcsim command-line program of the same build (ctest sets CALCSIM_CLI)."""
    path = os.environ.get("CALCSIM_CLI") or shutil.which("calcsim")
    if not path or not os.path.exists(path):
        pytest.fail("the calcsim program is not available: run these tests through ctest, which sets CALCSIM_CLI")
    return path


@pytest.fixture(scope="session")
def short_run():
    """The default scenario over 60 days, sampled daily."""
    return calcsim.run(years=None, every=1, scenario=calcsim.Scenario.default().with_settings(duration="60 days"))


@pytest.fixture(scope="session")
def short_comparison():
    """The default with-K2 vs without-K2 comparison over 90 days."""
    return calcsim.compare(calcsim.Scenario.default().with_settings(duration="90 days"))
