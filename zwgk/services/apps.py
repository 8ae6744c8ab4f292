from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "zwgk.services"
    label = "services"
    verbose_name = "政务服务公开"

    def ready(self) -> None:
        from zwgk.search.index import register_source
        from zwgk.services import indexing, page_scopes, qa_sources
        from zwgk.services.guides import register_review_kinds
        from zwgk.services.todos import register_todos
        from zwgk.services.vetoes import register_veto_sources

        register_review_kinds()
        register_todos()
        register_veto_sources()
        qa_sources.register()
        page_scopes.register()
        register_source(indexing.published_entry_batches, count=indexing.published_count)
