from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "kontaktforloeb.organisations"
    verbose_name = "Organisations and staff"
