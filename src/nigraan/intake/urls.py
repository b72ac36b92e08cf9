from django.urls import path

from nigraan.intake import views_follow_up, views_public, views_report

app_name = "intake"
urlpatterns = [
    path("report/", views_report.report, name="report"),
    path("safety/", views_public.safety, name="safety"),
    path("follow-up/", views_follow_up.enter_code, name="follow_up"),
    path("follow-up/case/", views_follow_up.case_page, name="follow_up_case"),
    path("follow-up/proof.json", views_follow_up.proof_json, name="proof_json"),
    path("follow-up/proof/", views_follow_up.proof_page, name="proof_page"),
    path("follow-up/leave/", views_follow_up.leave, name="leave"),
]
