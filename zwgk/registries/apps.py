from django.apps import AppConfig


class RegistriesConfig(AppConfig):
    name = "zwgk.registries"
    label = "registries"
    verbose_name = "公开清单与目录"

    def ready(self) -> None:
        from zwgk.registries.todos import register_todos

        register_todos()
