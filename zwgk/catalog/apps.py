from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "zwgk.catalog"
    label = "catalog"
    verbose_name = "信息资源库"
