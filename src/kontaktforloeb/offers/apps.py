from django.apps import AppConfig


class OffersConfig(AppConfig):
    name = "kontaktforloeb.offers"
    verbose_name = "Offers (tilbud)"
