from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "zwgk.registries"
    label = "registries"
    verbose_name = "公开清单与目录"

    def ready(self) -> None:
        from zwgk.registries.page_scopes import watch_models
        from zwgk.registries.todos import register_todos

        register_todos()
        watch_models()
