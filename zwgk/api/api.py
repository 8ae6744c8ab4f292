"""The JSON API (API.md): /api/v1/, OpenAPI at /api/v1/openapi.json, docs at /api/v1/docs."""

import json

from ninja import NinjaAPI, Swagger
from ninja.openapi.docs import render_template

from zwgk.api import (
    calendar,
    catalog,
    completeness,
    directory,
    errors,
    foi,
    knowledge,
    monitoring,
    newmedia,
    organizations,
    reports,
    services,
    submissions,
    supervision,
)
from zwgk.api.renderers import ReadableJSONRenderer


class SessionSwagger(Swagger):
    """Swagger UI that sends the CSRF token: a logged-in staff member trying a write operation
    from the docs page goes through the session branch of TokenAuth, which checks it (21.1).
    ninja adds the token only when the API as a whole has CSRF-checking auth, and ours is per
    router."""

    def render_page(self, request, api, **kwargs):
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {"swagger_settings": json.dumps(self.settings, indent=1), "api": api, "add_csrf": True}
        return render_template(request, self.template, self.template_cdn, context)


api = NinjaAPI(
    title="zwgk 政务公开平台接口",
    version="1",
    description='政府信息公开平台的公开接口与工作人员接口。错误统一为 {"error": {code, message, fields}}。',
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=SessionSwagger(),
    renderer=ReadableJSONRenderer(),
)
errors.install(api)

api.add_router("/challenge", submissions.router)
api.add_router("/organizations", organizations.router)
api.add_router("/staff/organizations", organizations.staff)
api.add_router("/calendar", calendar.public)
api.add_router("/staff/calendar", calendar.staff)
api.add_router("", catalog.public)
api.add_router("/staff", catalog.staff)
api.add_router("/applications", foi.public)
api.add_router("/staff/applications", foi.staff)
api.add_router("/reports", reports.staff)
api.add_router("/staff/monitoring", monitoring.staff)
api.add_router("/staff/supervision", supervision.staff)
api.add_router("", knowledge.public)
api.add_router("/staff", knowledge.staff)
api.add_router("/staff/newmedia", newmedia.staff)
api.add_router("", services.public)
api.add_router("/staff", services.staff)
api.add_router("/staff/completeness", completeness.staff)
api.add_router("/public-enterprises", directory.public)
api.add_router("/staff/public-enterprises", directory.staff)
