from django.urls import path

from nigraan.geo import views

app_name = "geo"
urlpatterns = [
    path("provinces", views.provinces, name="provinces"),
    path("districts", views.districts, name="districts"),
    path("districts/<str:code>", views.district, name="district"),
    path("districts/<str:code>/boundary", views.boundary, name="boundary"),
    path("place", views.place, name="place"),
]
