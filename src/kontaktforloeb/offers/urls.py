"""Pages of the offers app, at `/tilbud/`."""

from django.urls import URLPattern, URLResolver, path

from . import views

app_name = "offers"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mine, name="mine"),
    path("<int:offer_id>/deltag/", views.participate, name="participate"),
    path("borger/<int:citizen_id>/", views.citizen_offers, name="citizen"),
    path("indstil/<int:citizen_id>/", views.recommend, name="recommend"),
    path("opret/<int:citizen_id>/", views.offer_new, name="create"),
    path("indstillinger/", views.recommendations, name="recommendations"),
    path(
        "indstillinger/<int:recommendation_id>/",
        views.recommendation_detail,
        name="recommendation",
    ),
]
