"""Optional error reporting through Sentry's SDK: on only when SENTRY_DSN is set (no network
otherwise). Unhandled exceptions of requests and tasks are sent with the release and environment."""

from __future__ import annotations


def init_error_reporting(dsn: str, *, environment: str, traces_sample_rate: float) -> bool:
    """Start the SDK when `dsn` is set; True when it was started."""
    if not dsn:
        return False
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        traces_sample_rate=traces_sample_rate,
        send_default_pii=False,
    )
    return True
