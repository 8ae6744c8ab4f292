from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "zwgk.portal"
    label = "portal"
    verbose_name = "门户"
