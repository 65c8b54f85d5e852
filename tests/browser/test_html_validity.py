"""Every public page type is valid HTML according to the Nu Html Checker (vnu.jar)."""

import json
import subprocess
import urllib.error
import urllib.request

from tests.browser.pages import PAGE_TYPES

MISSING_PAGE = "not-found"
EXTRA_PAGES = {"connections-filtered": "/connections/?period=proposal-2025&tag=peace-talks&tag=new-media"}


def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def check(vnu_command, files):
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    return [
        f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] != "info"
    ]


def test_every_page_type_has_no_html_errors(site, vnu_command, tmp_path):
    files = []
    for name, path in {**PAGE_TYPES, **EXTRA_PAGES}.items():
        status, body = fetch(site + path)
        assert status == (404 if name == MISSING_PAGE else 200), (name, status)
        target = tmp_path / f"{name}.html"
        target.write_bytes(body)
        files.append(target)
    problems = check(vnu_command, files)
    assert not problems, "\n".join(problems)


def test_the_checker_reports_errors_when_there_are_some(site, vnu_command, tmp_path):
    """A control: a page with a stray end tag and a duplicate id is reported."""
    status, body = fetch(site + "/")
    broken = body.replace(b"</main>", b'</span><p id="main"></p></main>')
    target = tmp_path / "broken.html"
    target.write_bytes(broken)
    assert len(check(vnu_command, [target])) >= 2
