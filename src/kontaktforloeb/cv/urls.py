"""The citizen's CV, mounted at `/min-side/cv/`."""

from django.urls import path

from . import views

app_name = "cv"

urlpatterns = [
    path("", views.cv_page, name="page"),
    path("cv.pdf", views.cv_download, name="download"),
]
