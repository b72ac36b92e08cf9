"""Pakistan's administrative geography: province/territory → district → tehsil (OCHA P-codes)."""

from __future__ import annotations

from django.db import models


class Province(models.Model):
    """A province or territory, e.g. PK6 Punjab."""

    code = models.CharField(max_length=8, primary_key=True)
    name_en = models.CharField(max_length=100)
    name_ur = models.CharField(max_length=100)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en


class District(models.Model):
    """A district, e.g. PK614 Kasur. ``boundary`` is GeoJSON geometry text where the data has it."""

    code = models.CharField(max_length=8, primary_key=True)
    province = models.ForeignKey(Province, on_delete=models.PROTECT, related_name="districts")
    name_en = models.CharField(max_length=100)
    name_ur = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    lat = models.FloatField(null=True)
    lon = models.FloatField(null=True)
    zip_code = models.CharField(max_length=10, blank=True)
    boundary = models.TextField(blank=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en


class Tehsil(models.Model):
    """A tehsil (sub-district), e.g. PK61401. Names are English only in the source data."""

    code = models.CharField(max_length=10, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="tehsils")
    name_en = models.CharField(max_length=100)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name_en
