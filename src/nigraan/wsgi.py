"""WSGI entry point for production servers (``nigraan serve`` uses gunicorn on it)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nigraan.settings")
application = get_wsgi_application()
