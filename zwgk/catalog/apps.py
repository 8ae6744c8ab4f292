from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "zwgk.catalog"
    label = "catalog"
    verbose_name = "信息资源库"

    def ready(self) -> None:
        from zwgk.catalog import tasks
        from zwgk.catalog.indexing import published_count, published_entry_batches, vocabulary
        from zwgk.catalog.services.publishing import register_review_kind
        from zwgk.core import schedule
        from zwgk.search.index import register_source, register_words

        register_review_kind()
        register_source(published_entry_batches, count=published_count)
        register_words(vocabulary)
        # Scheduled items go out within minutes of their time; validity dates take effect daily.
        schedule.register("catalog.publish_due", every_minutes=5, task=tasks.publish_due)
        from zwgk.catalog.todos import register_todos

        register_todos()
