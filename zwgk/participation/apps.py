from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "zwgk.participation"
    label = "participation"
    verbose_name = "公众参与"

    def ready(self) -> None:
        from zwgk.core import schedule
        from zwgk.monitoring import interaction
        from zwgk.participation import qa_sources, tasks
        from zwgk.participation.interaction import site_interaction
        from zwgk.participation.todos import register_todos

        schedule.register("participation.message_alerts", every_minutes=60, task=tasks.send_message_alerts)
        # Monitoring never imports this app: the inspection round asks its registered check.
        interaction.register(site_interaction)
        register_todos()
        qa_sources.register()
