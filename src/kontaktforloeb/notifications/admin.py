from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from .models import Message, WebhookDelivery, WebhookEndpoint, WebhookEvent


class WebhookEndpointForm(forms.ModelForm[WebhookEndpoint]):
    url = forms.URLField(max_length=500, assume_scheme="https")
    events = forms.MultipleChoiceField(
        choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["organisation", "url", "secret", "active", "events"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.instance.pk:
            self.initial.setdefault("secret", secrets.token_urlsafe(32))


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin[WebhookEndpoint]):
    form = WebhookEndpointForm
    list_display = ["organisation", "url", "active", "created_at"]
    list_filter = ["active", "organisation"]


class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnly):
    list_display = ["event", "endpoint", "status", "attempts", "response_status", "created_at"]
    list_filter = ["status", "event"]


@admin.register(Message)
class MessageAdmin(ReadOnly):
    list_display = [
        "kind",
        "channel",
        "recipient",
        "status",
        "attempts",
        "sent_at",
        "report_status",
        "created_at",
    ]
    list_filter = ["status", "report_status", "kind", "channel"]
    exclude = ["body_html", "ics"]
