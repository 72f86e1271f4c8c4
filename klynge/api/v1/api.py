"""The REST API, version 1, at /api/v1/ (OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs)."""

from __future__ import annotations

from .auth import AUTH_REQUIRED
from .errors import install_error_handlers
from .openapi import KlyngeAPI
from .routers.accounts import router as accounts_router
from .routers.clusters import router as clusters_router
from .routers.communication import router as communication_router
from .routers.composition import router as composition_router
from .routers.dashboard import router as dashboard_router
from .routers.events import router as events_router
from .routers.insight import router as insight_router
from .routers.learning import router as learning_router
from .routers.matchmaking import router as matchmaking_router
from .routers.member_imports import router as member_imports_router
from .routers.network import router as network_router
from .routers.newsletters import router as newsletters_router
from .routers.notifications import router as notifications_router
from .routers.organisations import router as organisations_router
from .routers.people import router as people_router
from .routers.programme import router as programme_router
from .routers.programme_calls import router as programme_calls_router
from .routers.programme_finance import router as programme_finance_router
from .routers.projects import router as projects_router

api = KlyngeAPI(
    title="Klynge API",
    version="1",
    description="REST API of Klynge. Authenticate with the browser session or a personal token "
    "(`Authorization: Bearer kly_…`, created under Account → API tokens).",
    urls_namespace="api-v1",
    auth=AUTH_REQUIRED,
)
install_error_handlers(api)
api.add_router("/", accounts_router)
api.add_router("/", notifications_router)
api.add_router("/", communication_router)
api.add_router("/", newsletters_router)
api.add_router("/clusters", clusters_router)
api.add_router("/clusters", composition_router)
api.add_router("/", organisations_router)
api.add_router("/", member_imports_router)
api.add_router("/", people_router)
api.add_router("/", events_router)
api.add_router("/", projects_router)
api.add_router("/", learning_router)
api.add_router("/", matchmaking_router)
api.add_router("/", insight_router)
api.add_router("/", network_router)
api.add_router("/", dashboard_router)
api.add_router("/programme", programme_router)
api.add_router("/programme", programme_calls_router)
api.add_router("/programme", programme_finance_router)
