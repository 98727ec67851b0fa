from django.apps import AppConfig


class StatisticsConfig(AppConfig):
    name = "kontaktforloeb.statistics"
    label = "statistics"
    verbose_name = "Timeliness, the exemption share, capacity and what-if for managers"
