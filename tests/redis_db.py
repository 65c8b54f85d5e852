"""The tests' own Redis database, which they may empty: ``KB_TEST_REDIS_URL``, or database 13 here."""

import os

import pytest
import redis

TEST_REDIS_URL = os.environ.get("KB_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


def emptied_test_redis():
    """A client of the tests' Redis database, emptied; without Redis the test is skipped (failed in CI)."""
    client = redis.Redis.from_url(TEST_REDIS_URL)
    try:
        client.ping()
    except redis.ConnectionError:
        message = f"No Redis at {TEST_REDIS_URL} (set KB_TEST_REDIS_URL to a database that may be emptied)."
        if os.environ.get("KB_REQUIRE_REDIS"):
            pytest.fail(message)
        pytest.skip(message)
    client.flushdb()
    return client
