from django.apps import AppConfig


class ParticipationConfig(AppConfig):
    name = "zwgk.participation"
    label = "participation"
    verbose_name = "公众参与"

    def ready(self) -> None:
        from zwgk.core import schedule
        from zwgk.monitoring import veto_sources
        from zwgk.participation import qa_sources, tasks
        from zwgk.participation.interaction import SOURCE_KEY, interaction_source
        from zwgk.participation.todos import register_todos

        schedule.register("participation.message_alerts", every_minutes=60, task=tasks.send_message_alerts)
        # Monitoring never imports this app: the inspection round asks its registered source.
        veto_sources.register(SOURCE_KEY, interaction_source)
        register_todos()
        qa_sources.register()
        register_page_cache()


def register_page_cache() -> None:
    """What each cached public page of this app shows (zwgk.portal.participation_views, decision
    0037): a change to one of these rows shows on those pages at once."""
    from zwgk.core import page_cache

    messages = ["participation-messages"]
    page_cache.watch("participation.Message", lambda row: messages)
    page_cache.watch("participation.MessageChannel", lambda row: messages)  # who may be written to
    page_cache.watch("participation.SensitiveWord", lambda row: messages)  # masking
    page_cache.watch("participation.Consultation", lambda row: ["participation-consultations"])
    page_cache.watch(
        "participation.Interview",
        lambda row: ["participation-interviews", f"participation-interview:{row.pk}"],
    )
    page_cache.watch("participation.Question", lambda row: [f"participation-interview:{row.interview_id}"])
    page_cache.watch("participation.MajorDecision", lambda row: ["participation-decisions"])
    page_cache.watch("participation.StageRecord", lambda row: ["participation-decisions"])
