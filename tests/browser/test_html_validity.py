"""Every public page type is valid HTML according to the Nu Html Checker (vnu.jar)."""

import json
import subprocess
import urllib.error
import urllib.request

from tests.browser.pages import PAGE_TYPES


def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.read()
    except urllib.error.HTTPError as error:
        return error.read()


def test_every_page_type_has_no_html_errors(site, vnu_command, tmp_path):
    files = []
    for name, path in PAGE_TYPES.items():
        target = tmp_path / f"{name}.html"
        target.write_bytes(fetch(site + path))
        files.append(str(target))
    result = subprocess.run(
        [*vnu_command, "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    errors = [
        f"{message['url'].rsplit('/', 1)[-1]}:{message.get('lastLine')}: {message['message']}"
        for message in messages
        if message["type"] == "error"
    ]
    assert not errors, "\n".join(errors)
    assert len(files) == len(PAGE_TYPES)
