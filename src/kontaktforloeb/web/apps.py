from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "kontaktforloeb.web"
    verbose_name = "Pages"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system checks)
