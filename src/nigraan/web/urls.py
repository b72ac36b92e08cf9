from django.urls import path

from nigraan.web import views

app_name = "web"
urlpatterns = [
    path("staff/", views.case_list, name="case_list"),
    path("staff/cases/<str:case_ref>/", views.case_detail, name="case_detail"),
]
