from django.apps import AppConfig


class BookingConfig(AppConfig):
    name = "kontaktforloeb.booking"
    verbose_name = "Free times, slots and bookings"
