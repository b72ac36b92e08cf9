from django.urls import path

from nigraan.ledger import views, witnessed

app_name = "ledger"
urlpatterns = [
    path("sth", views.sth, name="sth"),
    path("sths", views.sths, name="sths"),
    path("checkpoint", views.checkpoint, name="checkpoint"),
    path("public-key", views.public_key, name="public_key"),
    path("entries", views.entries, name="entries"),
    path("proof-by-hash", views.proof_by_hash, name="proof_by_hash"),
    path("consistency", views.consistency, name="consistency"),
    path("witnessed", witnessed.witnessed, name="witnessed"),
    path("witnesses", witnessed.witnesses, name="witnesses"),
]
