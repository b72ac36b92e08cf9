from django.urls import path

from nigraan.intake import views_helpline
from nigraan.notify import views as notify_views

app_name = "intake_staff"
urlpatterns = [
    path("helpline/", views_helpline.helpline, name="helpline"),
    path("outbox/dead/", notify_views.dead_letters, name="dead_letters"),
]
