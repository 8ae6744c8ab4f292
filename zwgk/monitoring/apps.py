from django.apps import AppConfig

# The sweeps run often; each site's own interval decides whether it is due (Site.round_every_hours,
# Site.probe_every_minutes), so changing a site's interval needs no restart.
ROUND_SWEEP_MINUTES = 10
PROBE_SWEEP_MINUTES = 5


class MonitoringConfig(AppConfig):
    name = "zwgk.monitoring"
    label = "monitoring"
    verbose_name = "网站监测"

    def ready(self) -> None:
        from zwgk.core import schedule
        from zwgk.monitoring import tasks

        schedule.register(
            "monitoring.schedule_rounds", every_minutes=ROUND_SWEEP_MINUTES, task=tasks.schedule_rounds
        )
        schedule.register("monitoring.probe_sites", every_minutes=PROBE_SWEEP_MINUTES, task=tasks.probe_sites)
