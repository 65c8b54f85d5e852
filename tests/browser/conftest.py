"""Real-browser tests: Playwright driving the machine's Chromium against Django's live server.

Playwright's own browser download is not used. The browser is CHROMIUM_PATH or
Debian's /usr/bin/chromium; without one these tests skip and say how to get it,
unless KB_REQUIRE_BROWSER is set (CI sets it), in which case they fail.
"""

import importlib
import os
import shutil
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from django.core.management import call_command

from tests.article import PROJECT_ROOT

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
HOW_TO_GET_A_BROWSER = (
    "No Chromium found. Install Debian's browser (apt-get update && apt-get install -y chromium) "
    "or point CHROMIUM_PATH at a Chromium binary."
)
SCREENSHOT_DIR = PROJECT_ROOT / "test-artifacts" / "screenshots"
TOOLS = PROJECT_ROOT / "tests" / "browser" / "node_modules"
AXE_SCRIPT = TOOLS / "axe-core" / "axe.min.js"
VNU_JAR = TOOLS / "vnu-jar" / "build" / "dist" / "vnu.jar"
HOW_TO_GET_THE_TOOLS = "Install the pinned test tools with `make browser-tools` (needs npm)."


def find_chromium():
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return None


def skip_or_fail(message):
    if os.environ.get("KB_REQUIRE_BROWSER"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    chromium = find_chromium()
    if chromium is None:
        skip_or_fail(HOW_TO_GET_A_BROWSER)
    return {**browser_type_launch_args, "executable_path": chromium, "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session", autouse=True)
def allow_orm_beside_playwright():
    """Playwright's sync API runs an event loop in the test thread; the ORM calls
    the browser tests make there are still plain synchronous ones."""
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]


@pytest.fixture
def site(live_server, transactional_db):
    """The live server's address, with the seed and the editors' roles in its database.

    Live-server tests run outside a transaction and the database is emptied after
    each, so the seed is loaded for every test.
    """
    call_command("seed_kb", verbosity=0)
    roles = importlib.import_module("kb.migrations.0004_publishing_workflow").ROLES
    for name, permissions in roles.items():
        codenames = [f"{action}_{model}" for model, actions in permissions.items() for action in actions]
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(Permission.objects.filter(content_type__app_label="kb", codename__in=codenames))
    return live_server.url


@pytest.fixture
def screenshot_dir():
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


@pytest.fixture(scope="session")
def axe_script():
    if not AXE_SCRIPT.is_file():
        skip_or_fail(f"axe-core is missing at {AXE_SCRIPT}. {HOW_TO_GET_THE_TOOLS}")
    return AXE_SCRIPT.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def vnu_command():
    java = shutil.which("java")
    if java is None:
        skip_or_fail("The Nu Html Checker needs Java: apt-get install -y default-jre-headless.")
    if not VNU_JAR.is_file():
        skip_or_fail(f"vnu.jar is missing at {VNU_JAR}. {HOW_TO_GET_THE_TOOLS}")
    return [java, "-jar", str(VNU_JAR)]
