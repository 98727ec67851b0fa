from django.urls import path

from . import views

app_name = "web"

urlpatterns = [
    path("", views.start, name="start"),
    path("log-ind/", views.StaffLoginView.as_view(), name="login"),
    path("log-ud/", views.logout_view, name="logout"),
    path("demo/", views.demo_login, name="demo_login"),
    # The citizen's own pages.
    path("min-side/", views.citizen_home, name="citizen_home"),
    path("min-side/hvem-har-set-mine-data/", views.citizen_access_log, name="citizen_access_log"),
    # Staff pages.
    path("sager/", views.staff_home, name="staff_home"),
    path("sager/<int:citizen_id>/", views.case_detail, name="case_detail"),
    path("sager/<int:citizen_id>/cpr/", views.case_reveal_cpr, name="case_reveal_cpr"),
]
