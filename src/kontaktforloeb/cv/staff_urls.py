"""Caseworkers' CV pages, mounted at `/sager/cv/`: CVs awaiting approval, review, approve, return."""

from django.urls import path

from . import views

app_name = "cv_staff"

urlpatterns = [
    path("", views.awaiting_list, name="list"),
    path("<int:citizen_id>/", views.review, name="review"),
    path("<int:citizen_id>/godkend/", views.approve, name="approve"),
    path("<int:citizen_id>/retur/", views.return_cv, name="return"),
]
