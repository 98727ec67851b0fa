from django.apps import AppConfig


class SelfserviceConfig(AppConfig):
    name = "kontaktforloeb.selfservice"
    verbose_name = "The citizen's self-service pages"
