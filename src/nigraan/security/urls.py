from django.urls import path

from nigraan.security import views

app_name = "security"
urlpatterns = [
    path("", views.event_list, name="events"),
]
