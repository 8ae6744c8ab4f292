"""The one registry through which other apps feed vetoes into an inspection round (RULES §5.1,
decision 0037): participation's poor-interaction veto and services' service-guide veto."""

from datetime import date

import pytest

from zwgk.monitoring import veto_sources
from zwgk.monitoring.checks import Veto
from zwgk.participation.interaction import SOURCE_KEY as INTERACTION
from zwgk.participation.interaction import interaction_source
from zwgk.services.vetoes import SOURCE_KEY as GUIDES
from zwgk.services.vetoes import guide_vetoes

TODAY = date(2026, 11, 30)


@pytest.fixture
def isolated_registry(monkeypatch):
    monkeypatch.setattr(veto_sources, "_SOURCES", {})
    return veto_sources


def test_both_apps_register_their_veto_through_the_one_registry():
    sources = veto_sources.registered()
    assert sources[INTERACTION] is interaction_source
    assert sources[GUIDES] is guide_vetoes


def test_judge_unions_the_vetoes_and_keeps_each_sources_facts(isolated_registry):
    isolated_registry.register(
        "a",
        lambda site, today: veto_sources.SourceVerdict(frozenset({Veto.POOR_INTERACTION}), {"late": ["X"]}),
    )
    isolated_registry.register(
        "b", lambda site, today: veto_sources.SourceVerdict(frozenset({Veto.SERVICE_GUIDE_INCOMPLETE}))
    )
    isolated_registry.register("c", lambda site, today: None)  # knows nothing of the site
    judged = isolated_registry.judge(object(), TODAY)
    assert judged.vetoes == {Veto.POOR_INTERACTION, Veto.SERVICE_GUIDE_INCOMPLETE}
    assert judged.details == {"a": {"late": ["X"]}}  # no facts, nothing kept


def test_registering_again_replaces_and_never_doubles(isolated_registry):
    def first(site, today):
        return veto_sources.SourceVerdict(frozenset({Veto.POOR_INTERACTION}))

    def second(site, today):
        return veto_sources.SourceVerdict()

    isolated_registry.register("k", first)
    isolated_registry.register("k", second)
    assert list(isolated_registry.registered()) == ["k"]
    assert isolated_registry.judge(object(), TODAY).vetoes == frozenset()
