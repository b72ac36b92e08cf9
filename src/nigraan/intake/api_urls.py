from django.urls import path

from nigraan.intake import api

app_name = "intake_api"
urlpatterns = [
    path("reports", api.reports, name="reports"),
    path("follow-up", api.follow_up, name="follow_up"),
    path("openapi.json", api.openapi, name="openapi"),
]
