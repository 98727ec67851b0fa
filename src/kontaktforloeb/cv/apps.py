from django.apps import AppConfig


class CvConfig(AppConfig):
    name = "kontaktforloeb.cv"
    verbose_name = "CV"
