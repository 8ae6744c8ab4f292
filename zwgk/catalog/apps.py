from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "zwgk.catalog"
    label = "catalog"
    verbose_name = "信息资源库"

    def ready(self) -> None:
        from zwgk.catalog.services.publishing import register_review_kind

        register_review_kind()
