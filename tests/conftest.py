import pytest

pytest_plugins = ["tests.playwright_fixtures"]


@pytest.fixture(autouse=True)
def _isolated_media(request, tmp_path):
    # Pure-module tests also run without pytest-django (`-p no:django`).
    if request.config.pluginmanager.hasplugin("django"):
        request.getfixturevalue("settings").MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_page_cache(request):
    # A rolled-back test bumps no page version (decision 0029): the next test must not be served
    # the pages it rendered.
    if request.config.pluginmanager.hasplugin("django"):
        from django.core.cache import cache

        from zwgk.core import calendars

        cache.clear()
        # Nor the calendar a rolled-back test changed: its "uncommitted" mark would otherwise
        # outlive the rollback and reload every year on every call in later tests.
        calendars._local.update(version=None, calendar=None, uncommitted=False)


@pytest.fixture(autouse=True)
def _holiday_calendar(request):
    """Transactional tests flush every table, the migration-seeded calendar and taxonomies
    included; put them back so every database test sees the official schedules of every year
    chinese-calendar covers and the standard subjects, genres and columns."""
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if marker is None and not {"db", "transactional_db", "live_server"} & names:
        return
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        {"transactional_db", "live_server"} & names
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from zwgk.core.models import CalendarYear

    if not CalendarYear.objects.exists():
        from zwgk.core.calendars import calendar_seed

        calendar_seed(actor=None)
    # The standard taxonomies are migration-seeded too; a flush left demo loaders and factories
    # without them in whichever test of the xdist worker came next.
    from django.apps import apps

    if apps.is_installed("zwgk.catalog"):
        from zwgk.catalog.models import Genre

        if not Genre.objects.exists():
            from zwgk.catalog.completeness import seed_art20_matrix
            from zwgk.catalog.taxonomy_seed import seed_taxonomies

            seed_taxonomies(apps)
            seed_art20_matrix(apps)
    # So are the registries' areas and plan types and the public-enterprise sectors.
    if apps.is_installed("zwgk.registries"):
        from zwgk.registries.models import Area

        if not Area.objects.exists():
            from zwgk.registries.areas import seed_areas
            from zwgk.registries.plan_types import seed_plan_types

            seed_areas(apps)
            seed_plan_types(apps)
    if apps.is_installed("zwgk.directory"):
        from zwgk.directory.models import Sector

        if not Sector.objects.exists():
            from zwgk.directory.sectors import seed_sectors

            seed_sectors(apps)


@pytest.fixture
def city(db):
    from tests.factories import OrganizationFactory

    return OrganizationFactory(
        code="dl", name="大连市人民政府", short_name="市政府", kind="government", parent=None
    )


@pytest.fixture
def agency(city):
    from tests.factories import OrganizationFactory

    return OrganizationFactory(code="dl-sfj", name="大连市司法局", short_name="市司法局", parent=city)


@pytest.fixture
def other_agency(city):
    from tests.factories import OrganizationFactory

    return OrganizationFactory(code="dl-mzj", name="大连市民政局", short_name="市民政局", parent=city)


@pytest.fixture
def editor(make_staff, agency):
    """市司法局's 信息员 (several apps' tests publish through them)."""
    return make_staff(agency, "editor", username="sfj_editor")


@pytest.fixture
def reviewer(make_staff, agency):
    """市司法局's 审签人."""
    return make_staff(agency, "reviewer", username="sfj_reviewer")


@pytest.fixture
def admin_user(city):
    from tests.factories import UserFactory

    user = UserFactory(username="admin", is_superuser=True, is_staff=True)
    return user


@pytest.fixture
def make_staff(db):
    """make_staff(org, "editor", "reviewer", username=...) → a user with those roles at org."""
    from tests.factories import UserFactory, grant

    def make(org, *roles, username=None):
        user = UserFactory(**({"username": username} if username else {}))
        for role in roles:
            grant(user, org, role)
        return user

    return make


PUBLIC_POSTS = {
    "/api/v1/applications",
    "/api/v1/messages",
    "/api/v1/public-enterprises/complaints",
}  # API.md "Public submissions"


@pytest.fixture
def api_client(client):
    """api_client(user).get/post/put(...) with the user's token and JSON bodies."""
    import json

    from zwgk.api.tokens import api_token_issue
    from zwgk.core import proof_of_work

    class Api:
        def __init__(self, user=None):
            self.headers = {}
            if user is not None:
                self.headers["HTTP_AUTHORIZATION"] = f"Token {api_token_issue(actor=None, user=user)}"

        def get(self, url, **params):
            return client.get(url, params, **self.headers)

        def post(self, url, body=None, *, altcha=None):
            """Public POSTs carry a solved challenge, as a conforming client's do (`altcha=""`: none)."""
            headers = dict(self.headers)
            if url in PUBLIC_POSTS:
                if altcha is None:
                    altcha = proof_of_work.solve(client.get("/api/v1/challenge").json())
                if altcha:
                    headers["HTTP_X_ALTCHA"] = altcha
            return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)

        def put(self, url, body=None):
            return client.put(url, json.dumps(body or {}), content_type="application/json", **self.headers)

    return Api


@pytest.fixture
def taxonomies_reloaded():
    """Transactional tests flush the seeded taxonomies: load them before and again after."""
    from django.apps import apps

    from zwgk.catalog.taxonomy_seed import seed_taxonomies

    seed_taxonomies(apps)
    yield
    seed_taxonomies(apps)


# Transactional tests flush only these apps' tables (and so do not depend on other apps' schemas).
CATALOG_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "zwgk.core",
    "zwgk.organizations",
    "zwgk.api",
    "zwgk.review",
    "zwgk.catalog",
]
