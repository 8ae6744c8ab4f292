from django.conf import settings


def site(request):
    return {"site": settings.ZWGK_SITE, "demo_mode": settings.DEMO_MODE}
