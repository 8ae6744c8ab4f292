from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "zwgk.knowledge"
    label = "knowledge"
    verbose_name = "咨询答问库"

    def ready(self) -> None:
        from zwgk.knowledge import catalog_sources
        from zwgk.knowledge.services import register_review_kind

        register_review_kind()
        catalog_sources.register()
