"""Django's Redis cache, with one Redis client for each connection pool rather than one for each call.

Django's ``RedisCacheClient.get_client()`` makes a new ``redis.Redis`` for every
cache operation, and redis-py builds a table of about 170 reply handlers for
each: 0.2 ms, against 0.1 ms for the round trip itself. A page with a few kept
parts makes several operations. A client is safe to share between threads; its
pool hands each command a connection of its own.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class SharedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(pool)
        if client is None:
            client = self._clients[pool] = self._client(connection_pool=pool)
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = SharedClientRedisCacheClient
