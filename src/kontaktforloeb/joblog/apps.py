from django.apps import AppConfig


class JoblogConfig(AppConfig):
    name = "kontaktforloeb.joblog"
    verbose_name = "Joblog"
