import pytest

from tests.foi.conftest import _fresh_cache, handler, office_head, on_day, other_handler, supervisor  # noqa: F401


@pytest.fixture
def dalian_office(agency):
    """The agency's disclosure office, as the letters' contact block prints it."""
    agency.office_name = "大连市司法局办公室"
    agency.office_address = "大连市西岗区长江路369号"
    agency.office_phone = "0411-82781000"
    agency.office_postcode = "116011"
    agency.save()
    return agency
