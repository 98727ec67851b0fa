from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from kontaktforloeb.api import api

urlpatterns = [
    path("", include("kontaktforloeb.web.urls")),
    path("", include("kontaktforloeb.selfservice.registration")),
    path("kalender/", include("kontaktforloeb.booking.urls")),
    path("min-side/", include("kontaktforloeb.selfservice.urls")),
    path("min-side/cv/", include("kontaktforloeb.cv.urls")),
    path("min-side/joblog/", include("kontaktforloeb.joblog.urls")),
    path("tilbud/", include("kontaktforloeb.offers.urls")),
    path("sager/cv/", include("kontaktforloeb.cv.staff_urls")),
    path("sager/joblog/", include("kontaktforloeb.joblog.staff_urls")),
    path("sager/", include("kontaktforloeb.workspace.urls")),
    path("statistik/", include("kontaktforloeb.statistics.urls")),
    path("api/v1/", api.urls),
    path("sms/", include("kontaktforloeb.notifications.urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("sprog/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]

handler400 = "kontaktforloeb.web.views.bad_request"
handler403 = "kontaktforloeb.web.views.permission_denied"
handler404 = "kontaktforloeb.web.views.page_not_found"
handler500 = "kontaktforloeb.web.views.server_error"
