"""How gunicorn serves the knowledge base: ``gunicorn -c kb/gunicorn.conf.py`` (README, "Deploying").

Each setting can be changed from the environment; the defaults suit one app
server on the same host as its reverse proxy.
"""

import os
from pathlib import Path

wsgi_app = "kb.wsgi:application"
proc_name = "kb"

listen_on = os.environ.get("GUNICORN_BIND") or f"127.0.0.1:{os.environ.get('PORT', '8000')}"
bind = [address.strip() for address in listen_on.split(",") if address.strip()]

# Each process keeps one PostgreSQL connection per thread (DJANGO_CONN_MAX_AGE), so an instance
# holds up to workers × threads of them.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1) + 1)
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "2"))

# The app is imported in each worker after the fork, never in the master: nothing the app opens
# while starting (a database or Redis connection) can then be shared by two processes, and a HUP
# reloads the code.
preload_app = False

timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "30"))
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "5"))
# A worker that has served this many requests is replaced, so a slow leak cannot grow for ever.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "1000"))
max_requests_jitter = max_requests // 10

# Oversized request lines (414) and headers (431) are refused before Django sees them. The request line may be
# gunicorn's longest, 8190 bytes: a search of 1,000 non-Latin characters is about 6,000 once
# percent-encoded, and the search page's own message about long queries should be what readers get.
limit_request_line = 8190
limit_request_fields = 50
limit_request_field_size = 8190

# Django alone decides whether a request came over HTTPS (DJANGO_BEHIND_PROXY); gunicorn trusts
# forwarding headers only from the addresses listed here, none unless set.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "")

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
errorlog = os.environ.get("GUNICORN_ERROR_LOG", "-")
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The proxy's X-Forwarded-For names the reader; the time taken is in milliseconds.
access_log_format = '%({x-forwarded-for}i)s %(h)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms'

# Workers touch a heartbeat file every second; on a disk-backed /tmp that can stall them.
worker_tmp_dir = "/dev/shm" if Path("/dev/shm").is_dir() else None

# gunicornc's control socket, at one fixed path per user unless named, so several instances on
# one host would share it: off unless GUNICORN_CONTROL_SOCKET gives each its own.
control_socket = os.environ.get("GUNICORN_CONTROL_SOCKET", "")
control_socket_disable = not control_socket
