"""The JSON API (API.md): /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

from ninja import NinjaAPI

from zwgk.api import calendar, catalog, errors, foi, monitoring, organizations, reports, submissions
from zwgk.api.renderers import ReadableJSONRenderer

api = NinjaAPI(
    title="zwgk 政务公开平台接口",
    version="1",
    description='政府信息公开平台的公开接口与工作人员接口。错误统一为 {"error": {code, message, fields}}。',
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    renderer=ReadableJSONRenderer(),
)
errors.install(api)

api.add_router("/challenge", submissions.router)
api.add_router("/organizations", organizations.router)
api.add_router("/calendar", calendar.public)
api.add_router("/staff/calendar", calendar.staff)
api.add_router("", catalog.public)
api.add_router("/staff", catalog.staff)
api.add_router("/applications", foi.public)
api.add_router("/staff/applications", foi.staff)
api.add_router("/reports", reports.staff)
api.add_router("/staff/monitoring", monitoring.staff)
