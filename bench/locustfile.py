"""What each simulated reader of the load test does (bench/loadtest.py runs it; see README, "Load test").

Readers ask for their next page as soon as the last one has arrived, with no
pause in between, so the number of users is the number of requests in flight.
Every request comes as through a TLS-terminating proxy, with
``X-Forwarded-Proto: https``. Any answer other than 200 is an error.
"""

import json
import random
from urllib.parse import urlencode
from urllib.request import Request, urlopen

from locust import FastHttpUser, constant, events, task

HEADERS = {"X-Forwarded-Proto": "https", "Accept-Encoding": "gzip"}
SEARCHES = [
    "Minsk",
    "Lukashenka",
    "Trilateral Contact Group",
    "Lukashnka",
    '"peace talks"',
    "Minsk -summit",
    "Vilnius or Riga",
    "prisoner exchanges",
    "2015",
]
KINDS = ["events", "agreements", "actors", "venues"]
# Slugs of published records by list, read from the API when the test starts.
SLUGS = {}


@events.test_start.add_listener
def read_slugs(environment, **kwargs):
    for name in [*KINDS, "tags", "periods"]:
        request = Request(f"{environment.host}/api/v1/{name}/?page_size=100", headers=HEADERS)
        with urlopen(request, timeout=60) as response:
            SLUGS[name] = [record["slug"] for record in json.load(response)["results"]]
        if not SLUGS[name]:
            raise RuntimeError(f"The database has no published {name}: seed it first.")


class Reader(FastHttpUser):
    wait_time = constant(0)
    default_headers = HEADERS

    def page(self, path, name=None, **query):
        address = f"{path}?{urlencode(query, doseq=True)}" if query else path
        with self.client.get(
            address, name=name or path, catch_response=True, allow_redirects=False
        ) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} from {address}")

    def slug(self, name):
        return random.choice(SLUGS[name])

    @task(3)
    def home(self):
        self.page("/")

    @task(4)
    def list_page(self):
        kind = random.choice(KINDS)
        self.page(f"/{kind}/", name="/<kind>/")

    @task(3)
    def filtered_list(self):
        kind = random.choice(KINDS)
        filters = random.choice(
            [{"tag": self.slug("tags")}, {"period": self.slug("periods")}, {"from": 2014, "to": 2020}]
        )
        self.page(f"/{kind}/", name="/<kind>/?<filter>", **filters)

    @task(10)
    def detail(self):
        kind = random.choice(KINDS)
        self.page(f"/{kind}/{self.slug(kind)}/", name=f"/{kind}/<slug>/")

    @task(2)
    def tag_list(self):
        self.page("/tags/")

    @task(3)
    def tag_page(self):
        self.page(f"/tags/{self.slug('tags')}/", name="/tags/<slug>/")

    @task(6)
    def search(self):
        self.page("/search/", name="/search/?q=<term>", q=random.choice(SEARCHES))

    @task(2)
    def timeline(self):
        self.page("/timeline/")

    @task(1)
    def then_and_now(self):
        self.page("/then-and-now/")

    @task(3)
    def api_list(self):
        kind = random.choice(KINDS)
        self.page(f"/api/v1/{kind}/", name="/api/v1/<kind>/", page_size=20)

    @task(3)
    def api_detail(self):
        kind = random.choice(KINDS)
        self.page(f"/api/v1/{kind}/{self.slug(kind)}/", name="/api/v1/<kind>/<slug>/")
