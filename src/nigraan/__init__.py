"""Nigraan: no report of child sexual abuse is ignored, lost, dropped or covered up."""

__version__ = "0.1.0"
