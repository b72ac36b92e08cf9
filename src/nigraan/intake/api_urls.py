from django.urls import path

from nigraan.intake import api, api_sms

app_name = "intake_api"
urlpatterns = [
    path("reports", api.reports, name="reports"),
    path("follow-up", api.follow_up, name="follow_up"),
    path("openapi.json", api.openapi, name="openapi"),
    path("sms/inbound", api_sms.inbound, name="sms_inbound"),
]
