from django.urls import path

from nigraan.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.login_view, name="login"),
    path("second-factor/", views.second_factor_view, name="second_factor"),
    path("logout/", views.logout_view, name="logout"),
]
