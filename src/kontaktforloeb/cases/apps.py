from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "kontaktforloeb.cases"
    verbose_name = "Citizens and their cases"
