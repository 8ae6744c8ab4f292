from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "zwgk.services"
    label = "services"
    verbose_name = "政务服务公开"

    def ready(self) -> None:
        from zwgk.services import qa_sources
        from zwgk.services.guides import register_review_kinds
        from zwgk.services.todos import register_todos
        from zwgk.services.vetoes import register_veto_sources

        register_review_kinds()
        register_todos()
        register_veto_sources()
        qa_sources.register()
