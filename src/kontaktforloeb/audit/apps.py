from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "kontaktforloeb.audit"
    verbose_name = "Access log"
