"""Root URLs. Pages carry their language in the path (/en/..., /ur/...); APIs do not."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from nigraan.api_site import api
from nigraan.web import views as web_views
from nigraan.web import views_alert_photos, views_alerts

urlpatterns = [
    path("", web_views.root_redirect, name="root"),
    path("healthz", web_views.healthz, name="healthz"),
    path("alerts/feed.atom", views_alerts.alert_feed, name="alert_feed"),
    path("alerts/<str:identifier>.xml", views_alerts.alert_cap, name="alert_cap"),
    path("alerts/<str:reference>/photo.jpg", views_alert_photos.public_photo, name="alert_photo"),
    path("api/v1/", api.urls),  # intake, ledger and geography: nigraan.api_site
]

urlpatterns += i18n_patterns(
    path("", include("nigraan.web.urls")),
    path("accounts/", include("nigraan.accounts.urls")),
    path("", include("nigraan.intake.urls")),
    path("staff/", include("nigraan.intake.staff_urls")),
    path("staff/security/", include("nigraan.web.urls_security")),
    prefix_default_language=True,
)

# Error pages in the site's style, with the helpline numbers; 500 needs no database.
handler404 = "nigraan.intake.views_public.not_found"
handler403 = "nigraan.intake.views_public.forbidden"
handler500 = "nigraan.intake.views_public.server_error"
