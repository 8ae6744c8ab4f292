from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "zwgk.organizations"
    label = "organizations"
    verbose_name = "机构与人员"
