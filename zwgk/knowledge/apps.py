from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "zwgk.knowledge"
    label = "knowledge"
    verbose_name = "咨询答问库"

    def ready(self) -> None:
        from zwgk.core import page_cache, schedule
        from zwgk.knowledge import catalog_sources, tasks
        from zwgk.knowledge.services import register_review_kind
        from zwgk.knowledge.todos import register_todos

        register_review_kind()
        catalog_sources.register()
        register_todos()
        # The portal's Q&A pages (scope "knowledge") show published entries, current or not by
        # their source: catalogue sources bump "catalog", guides "services" (both named by the
        # page); a reply to a message is another app's row that bumps nothing of its own.
        page_cache.watch("knowledge.Entry", lambda row: ["knowledge"])
        page_cache.watch("participation.Message", lambda row: ["knowledge"])
        schedule.register(
            "knowledge.recheck_sources", every_minutes=tasks.RECHECK_MINUTES, task=tasks.recheck_sources
        )
