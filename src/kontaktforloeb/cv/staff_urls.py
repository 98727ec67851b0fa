"""Caseworkers' CV pages, mounted at `/sager/cv/`: CVs awaiting approval, review, approve, return."""

from django.urls import URLPattern, URLResolver

app_name = "cv_staff"

urlpatterns: list[URLPattern | URLResolver] = []
