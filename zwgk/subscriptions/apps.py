from django.apps import AppConfig


class SubscriptionsConfig(AppConfig):
    name = "zwgk.subscriptions"
    label = "subscriptions"
    verbose_name = "信息订阅"

    def ready(self) -> None:
        from zwgk.core import schedule
        from zwgk.subscriptions import tasks

        schedule.register("subscriptions.daily_digest", every_minutes=24 * 60, task=tasks.send_daily_digests)
        schedule.register(
            "subscriptions.retry_digests", every_minutes=tasks.RETRY_SWEEP_MINUTES, task=tasks.retry_digests
        )
