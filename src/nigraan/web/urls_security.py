from django.urls import path

from nigraan.web import views_security as views

app_name = "security"
urlpatterns = [
    path("", views.event_list, name="events"),
]
