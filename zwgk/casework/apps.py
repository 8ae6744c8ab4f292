from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "zwgk.casework"
    label = "casework"
    verbose_name = "依申请公开文书与案例"

    def ready(self) -> None:
        from zwgk.casework.letters import letter_for_appended_event
        from zwgk.casework.letters import register_review_kinds as letter_kinds
        from zwgk.casework.library import register_review_kinds as library_kinds
        from zwgk.foi import services as foi_services

        letter_kinds()
        library_kinds()
        # The applications service calls its hooks in the transaction of each appended step event
        # (API.md: the step's letter is generated from its template). Registered from here so that
        # `foi` never imports `casework`; inert until `foi.services` offers the list.
        hooks = getattr(foi_services, "EVENT_APPENDED_HOOKS", None)
        if hooks is not None and letter_for_appended_event not in hooks:
            hooks.append(letter_for_appended_event)
        from zwgk.casework.todos import register_todos

        register_todos()
