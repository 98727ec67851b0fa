from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "kontaktforloeb.workspace"
    verbose_name = "The caseworker's workspace"
