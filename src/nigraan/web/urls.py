from django.urls import path

from nigraan.web import (
    case_export,
    views,
    views_alert_photos,
    views_alert_subscribe,
    views_alerts,
    views_figures,
    views_notices,
    views_press,
    views_summary,
    views_transparency,
    views_triage,
    views_work,
)

app_name = "web"
_RELEASE = "<str:kind>/<str:month>"  # month/2026-10 or rolling/2026-10
urlpatterns = [
    path("staff/", views.case_list, name="case_list"),
    path("staff/cases/<str:case_ref>/", views.case_detail, name="case_detail"),
    path(
        "staff/cases/<str:case_ref>/alert-photo/<str:reference>.jpg",
        views_alert_photos.staff_photo,
        name="case_alert_photo",
    ),
    path("staff/export.csv", case_export.case_export, {"fmt": "csv"}, name="case_export_csv"),
    path(
        "staff/export.parquet",
        case_export.case_export,
        {"fmt": "parquet"},
        name="case_export_parquet",
    ),
    path("staff/home/", views_summary.home, name="home"),
    path("staff/summary/", views_summary.summary, name="summary"),
    path("staff/mine/", views_work.my_cases, name="my_cases"),
    path("staff/overdue/", views_work.overdue, name="overdue"),
    path("staff/board/", views_work.board, name="board"),
    path("staff/services/", views_work.services, name="services"),
    path("staff/notices/", views_notices.notices, name="notices"),
    path("staff/triage/", views_triage.triage, name="triage"),
    path("staff/press/", views_press.press_list, name="press_list"),
    path("staff/press/unlinked/", views_press.press_unlinked, name="press_unlinked"),
    path("staff/press/figures/", views_press.press_figures, name="press_figures"),
    path("staff/press/<int:incident_id>/", views_press.press_incident, name="press_incident"),
    path("alerts/", views_alerts.alert_list, name="alerts"),
    path("alerts/subscribe/", views_alert_subscribe.alert_subscribe, name="alert_subscribe"),
    path("alerts/<str:reference>/", views_alerts.alert_page, name="alert"),
    path("transparency/", views_transparency.transparency, name="transparency"),
    path("figures/", views_figures.figures_index, name="figures"),
    path(
        "figures/measures/<slug:measure_id>/", views_figures.figures_measure, name="figures_measure"
    ),
    path(f"figures/{_RELEASE}/", views_figures.figures_area, name="figures_release"),
    path(f"figures/{_RELEASE}/area/<str:area>/", views_figures.figures_area, name="figures_area"),
    path(
        f"figures/{_RELEASE}/v<int:version>/figures.csv",
        views_figures.figures_csv,
        name="figures_csv",
    ),
    path(
        f"figures/{_RELEASE}/v<int:version>/figures.json",
        views_figures.figures_json,
        name="figures_json",
    ),
    path(
        f"figures/{_RELEASE}/v<int:version>/figures.parquet",
        views_figures.figures_parquet,
        name="figures_parquet",
    ),
    path(
        f"figures/{_RELEASE}/v<int:version>/report.pdf",
        views_figures.figures_report,
        name="figures_report",
    ),
    path(
        f"figures/{_RELEASE}/v<int:version>/datapackage.json",
        views_figures.figures_datapackage,
        name="figures_datapackage",
    ),
]
