from django.urls import path

from nigraan.intake import views_helpline

app_name = "intake_staff"
urlpatterns = [path("helpline/", views_helpline.helpline, name="helpline")]
