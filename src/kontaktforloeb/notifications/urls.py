"""Addresses outside systems call (mounted at `/sms/`)."""

from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path(
        "gatewayapi/status/",
        views.gatewayapi_delivery_status,
        name="gatewayapi_delivery_status",
    ),
]
