import pytest

pytestmark = pytest.mark.django_db


def test_organizations_list(api_client, agency):
    rows = api_client().get("/api/v1/organizations").json()
    by_code = {r["code"]: r for r in rows}
    assert by_code["dl-sfj"] == {
        "code": "dl-sfj",
        "name": "大连市司法局",
        "short_name": "市司法局",
        "kind": "department",
        "parent": "dl",
    }
    assert by_code["dl"]["parent"] is None


def test_openapi_schema_and_docs_are_served(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert "/api/v1/organizations" in schema["paths"]
    docs = client.get("/api/v1/docs").content.decode()
    assert "swagger" in docs.lower() and "cdn" not in docs.lower()


def test_unknown_api_path_is_a_json_404(client):
    response = client.get("/api/v1/nothing-here")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_portal_pages_are_chinese_and_carry_site_identification(client, agency):
    page = client.get("/").content.decode()
    assert '<html lang="zh-CN">' in page
    assert 'name="SiteIDCode"' in page and "网站标识码" in page and "跳到主要内容" in page
    assert "市司法局" in client.get("/organizations/").content.decode()
    assert client.get("/no-such-page/").status_code == 404


def test_schema_names_are_unique():
    """OpenAPI components are keyed by class name: two schemas of one name in different modules
    make one endpoint documented (and fuzzed) with the other's fields."""
    from collections import Counter

    from ninja import Schema

    import zwgk.api.api  # noqa: F401  (imports every router and its schemas)

    def subclasses(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from subclasses(sub)

    names = Counter(c.__name__ for c in set(subclasses(Schema)) if c.__module__.startswith("zwgk."))
    assert [name for name, n in names.items() if n > 1] == []
