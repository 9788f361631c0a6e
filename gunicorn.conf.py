"""gunicorn settings for Showcase in production: `gunicorn` (run from this folder) reads this file.

Sync workers: on 2 cores they beat gthread for tail latency (DESIGN.md). Background jobs run in
their own process (`flask --app showcase worker`), never inside the web workers.
"""

import multiprocessing
import os

# production unless told otherwise: create_app then refuses the development SECRET_KEY
os.environ.setdefault("SHOWCASE_ENV", "production")

wsgi_app = "showcase:create_app()"
bind = os.environ.get("SHOWCASE_BIND", "127.0.0.1:8000")
worker_class = "sync"
# (2 x cores) + 1 is gunicorn's rule of thumb: 5 on the 2-core machine; override with WEB_CONCURRENCY
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
# a slow phone upload streams through one worker: uploads are up to a few hundred MB on venue Wi-Fi
timeout = int(os.environ.get("SHOWCASE_WORKER_TIMEOUT", 300))
graceful_timeout = 30
keepalive = 5
# recycle workers now and then so a leak cannot grow for weeks
max_requests = 2000
max_requests_jitter = 200
# behind nginx/Caddy on the same machine: trust X-Forwarded-* only from it. If the proxy is on
# another host, list its address here (never "*" on a machine reachable from outside).
forwarded_allow_ips = os.environ.get("SHOWCASE_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
accesslog = "-"
# no query strings in the access log: ticket, manage and team links carry their token in the path,
# so log only the method, status and timing, never the URL (no personal data in logs)
access_log_format = '%(h)s "%(m)s" %(s)s %(B)s %(M)sms'
errorlog = "-"


def post_worker_init(worker):
    """Once the worker has loaded the app: freeze its long-lived objects so full collections stay short."""
    from showcase.serving import settle_heap

    worker.log.info("heap settled: %d long-lived objects frozen", settle_heap())
