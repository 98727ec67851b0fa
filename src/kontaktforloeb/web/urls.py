from django.urls import path

from kontaktforloeb.selfservice import views as selfservice
from kontaktforloeb.workspace import views as workspace

from . import views

app_name = "web"

urlpatterns = [
    path("", views.start, name="start"),
    path("log-ind/", views.StaffLoginView.as_view(), name="login"),
    path("log-ud/", views.logout_view, name="logout"),
    path("demo/", views.demo_login, name="demo_login"),
    # The citizen's own pages.
    path("min-side/", selfservice.citizen_home, name="citizen_home"),
    path(
        "min-side/hvem-har-set-mine-data/",
        selfservice.citizen_access_log,
        name="citizen_access_log",
    ),
    # Staff pages.
    path("sager/", workspace.staff_home, name="staff_home"),
    path("sager/<int:citizen_id>/", workspace.case_detail, name="case_detail"),
    path("sager/<int:citizen_id>/cpr/", workspace.case_reveal_cpr, name="case_reveal_cpr"),
]
