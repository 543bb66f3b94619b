"""The HTTP API, version 1, under /api/v1/ (django-ninja). Each app adds its router here."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="namro API",
    version="1",
    description="Văn bản, nhiệm vụ, tiến độ, đơn vị — API của namro.",
    urls_namespace="api-v1",
)

# Each app's router, mounted under its prefix: api.add_router("/tasks", "namro.tasks.api.router")
