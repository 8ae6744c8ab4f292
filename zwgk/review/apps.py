from django.apps import AppConfig


class ReviewConfig(AppConfig):
    name = "zwgk.review"
    label = "review"
    verbose_name = "审签"
