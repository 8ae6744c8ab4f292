"""The catalogue's source kinds: a policy document and an interpretation of one.

Validity is the catalogue's: `Document.validity`, derived from its lifecycle events (立改废) by
`catalog.services.links` (the only writer) and refreshed daily when a dated event takes effect.
An entry drawn from a policy stops being current when the policy is amended, repealed or has
expired, or is no longer published; one drawn from an interpretation, when the interpretation
is no longer published or the policy it explains is no longer in force.
"""

from __future__ import annotations

from django.db.models import Prefetch

from zwgk.catalog.models import Document, DocumentState, LifecycleEvent, Validity
from zwgk.knowledge.sources import Resolution, SourceKind, register_resolver


def _why(doc: Document) -> str:
    """The catalogue's words for why a document no longer stands."""
    if doc.state != DocumentState.PUBLISHED:
        return f"来源文件《{doc.title}》已不再公开"
    events = [e for e in doc.lifecycle_events.all() if e.kind == doc.validity]
    label = Validity(doc.validity).label
    if not events:
        return f"来源文件《{doc.title}》{label}"
    last = events[-1]
    when = f"于{last.on:%Y-%m-%d}" if last.on else ""
    by = f"（依据《{last.by.title}》）" if last.by_id and last.by else ""
    return f"来源文件《{doc.title}》{when}{label}{by}"


def _stands(doc: Document) -> bool:
    return doc.state == DocumentState.PUBLISHED and doc.validity == Validity.IN_FORCE


def _documents(ids: list[int]) -> dict[int, Document]:
    events = Prefetch("lifecycle_events", queryset=LifecycleEvent.objects.select_related("by"))
    qs = Document.objects.filter(pk__in=ids).select_related("interprets").prefetch_related(events)
    return {d.pk: d for d in qs}


def resolve_documents(ids: list[int]) -> dict[int, Resolution]:
    out = {}
    for pk, doc in _documents(ids).items():
        url = doc.get_absolute_url() if doc.state == DocumentState.PUBLISHED else None
        out[pk] = Resolution(url=url, current=_stands(doc), expired_because="" if _stands(doc) else _why(doc))
    return out


def resolve_interpretations(ids: list[int]) -> dict[int, Resolution]:
    docs = _documents(ids)
    policies = _documents([d.interprets_id for d in docs.values() if d.interprets_id])
    out = {}
    for pk, doc in docs.items():
        url = doc.get_absolute_url() if doc.state == DocumentState.PUBLISHED else None
        if doc.state != DocumentState.PUBLISHED:
            out[pk] = Resolution(
                url=None, current=False, expired_because=f"来源解读《{doc.title}》已不再公开"
            )
            continue
        policy = policies.get(doc.interprets_id) if doc.interprets_id else None
        if policy is not None and not _stands(policy):
            out[pk] = Resolution(url=url, current=False, expired_because=_why(policy))
            continue
        out[pk] = Resolution(url=url, current=True)
    return out


def register() -> None:
    register_resolver(SourceKind.DOCUMENT, resolve_documents)
    register_resolver(SourceKind.INTERPRETATION, resolve_interpretations)
