import pytest


@pytest.fixture
def enterprise(agency):
    """A public enterprise whose competent department is 市司法局 (`agency`)."""
    from tests.factories import OrganizationFactory

    return OrganizationFactory(
        code="dl-lsfw", name="大连市法律服务中心", short_name="法律服务中心", kind="public_enterprise",
        parent=agency,
    )  # fmt: skip
