from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from zwgk.reports.supervision import supervision_overview


@login_required
def supervision_dashboard(request):
    today = timezone.localdate()
    try:
        year = min(max(int(request.GET.get("year") or today.year), 2000), today.year)
    except ValueError:
        year = today.year
    overview = supervision_overview(request.user, year=year, today=today)
    rows = sorted(overview.rows, key=lambda r: (-r.overdue, -r.open, r.organization.sort_order))
    chart = {
        "months": [f"{m}月" for m in range(1, 13)],
        "received": overview.monthly_received,
        "closed": overview.monthly_closed,
        "agencies": [r.organization.display_name for r in rows if r.received or r.open][:20],
        "agency_received": [r.received for r in rows if r.received or r.open][:20],
        "agency_overdue": [r.overdue for r in rows if r.received or r.open][:20],
    }
    return render(
        request,
        "backoffice/supervision/dashboard.html",
        {"overview": overview, "rows": rows, "totals": overview.totals, "chart": chart, "year": year},
    )
