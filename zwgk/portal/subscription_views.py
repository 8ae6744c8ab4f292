"""精准推送 pages: subscribe (double opt-in), confirm, unsubscribe.

Confirmation and unsubscription links lead to a page with one button rather than acting on the
GET: mail scanners open links, and must neither subscribe nor unsubscribe anybody. Mail clients
that honour `List-Unsubscribe-Post` (RFC 8058) POST to the same address without a CSRF token;
the signed token is the authority there, so that view is exempt.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from zwgk.core import ratelimit
from zwgk.portal import views
from zwgk.portal.proof_of_work import proof_accepted
from zwgk.portal.subscription_forms import SubscribeForm
from zwgk.subscriptions import services


def _base_url(request) -> str:
    return request.build_absolute_uri("/").rstrip("/")


def _offered_columns(request) -> list[str]:
    return [c for c in (request.POST.getlist("columns") or request.GET.getlist("column")) if c][:5]


@never_cache
@require_http_methods(["GET", "POST"])
def subscribe(request):
    offered = _offered_columns(request)
    if request.method == "POST":
        ratelimit.hit(request, "public_form")
        form = SubscribeForm(request.POST, offered_columns=offered)
        if form.is_valid() and proof_accepted(form):
            services.subscription_request(
                email=form.cleaned_data["email"], targets=form.targets(), base_url=_base_url(request)
            )
            return redirect("portal:subscribe_sent")
    else:
        form = SubscribeForm(
            offered_columns=offered,
            initial={
                "organizations": request.GET.getlist("organization"),
                "columns": offered,
                "subjects": request.GET.getlist("subject"),
                "query": request.GET.get("q", "")[:100],
            },
        )
    chosen = set(form["organizations"].value() or [])
    groups = views.directory_groups()
    return render(
        request,
        "portal/subscriptions/subscribe.html",
        {
            "form": form,
            "org_groups": [(label, members) for label, members in groups if members],
            "chosen": chosen,
        },
    )


@never_cache
def subscribe_sent(request):
    return render(request, "portal/subscriptions/sent.html")


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    if request.method == "POST":
        confirmed = services.subscription_confirm(token=token)
        return render(request, "portal/subscriptions/confirmed.html", {"confirmed": confirmed})
    subscriber, pending = services.subscription_pending_for(token)
    return render(
        request, "portal/subscriptions/confirm.html", {"subscriber": subscriber, "pending": pending}
    )


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    if request.method == "POST":
        cancelled = services.subscription_cancel(token=token)
        return render(request, "portal/subscriptions/unsubscribed.html", {"cancelled": cancelled})
    subscriber, one, live = services.subscription_live_for(token)
    return render(
        request,
        "portal/subscriptions/unsubscribe.html",
        {"subscriber": subscriber, "one": one is not None, "live": live},
    )
