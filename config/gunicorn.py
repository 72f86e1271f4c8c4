"""gunicorn settings, from the environment: `gunicorn -c config/gunicorn.py config.wsgi`.

WEB_CONCURRENCY worker processes (default: 2 per core), GUNICORN_THREADS threads each, listening
on BIND (default 0.0.0.0:$PORT, PORT 8000). Access log lines go to stdout when ACCESS_LOG is on;
the app's own log is JSON lines (LOG_FORMAT=json in production settings).
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = int(os.environ.get("WEB_CONCURRENCY", str(2 * multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
keepalive = 5
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "0"))
max_requests_jitter = max_requests // 10
accesslog = "-" if os.environ.get("ACCESS_LOG", "").lower() in {"1", "true", "yes", "on"} else None
access_log_format = (
    '{"time": "%(t)s", "method": "%(m)s", "path": "%(U)s", "status": %(s)s, '
    '"bytes": "%(B)s", "ms": %(M)s, "agent": "%(a)s"}'
)
errorlog = "-"
