"""Root URLs. Pages carry their language in the path (/en/..., /ur/...); APIs do not."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path

from nigraan.web import views as web_views

urlpatterns = [
    path("", web_views.root_redirect, name="root"),
    path("healthz", web_views.healthz, name="healthz"),
    path("api/v1/ledger/", include("nigraan.ledger.urls")),
    path("api/v1/geo/", include("nigraan.geo.urls")),
    path("api/v1/", include("nigraan.intake.api_urls")),
]

urlpatterns += i18n_patterns(
    path("", include("nigraan.web.urls")),
    path("accounts/", include("nigraan.accounts.urls")),
    path("", include("nigraan.intake.urls")),
    path("staff/", include("nigraan.intake.staff_urls")),
    path("staff/security/", include("nigraan.security.urls")),
    prefix_default_language=True,
)
