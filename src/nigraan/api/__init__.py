"""The public JSON API (``/api/v1/``): one django-ninja site whose OpenAPI document is generated
from the pydantic models that validate each request and shape each answer. The endpoints live
with their apps (``intake.api``, ``ledger.api``, ``geo.api``); this package holds what they share:
the error model and the JSON body reader. The site that gathers the endpoints is
``nigraan.api_site``, above them all, so no app imports it."""
