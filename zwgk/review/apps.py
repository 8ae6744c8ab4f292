from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "zwgk.review"
    label = "review"
    verbose_name = "审签"

    def ready(self) -> None:
        from zwgk.review.todos import register_todos

        register_todos()
