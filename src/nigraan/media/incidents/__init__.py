"""Press incidents: every new article's incidents joined to the incident they report (across
outlets and days), or begun as new ones, with every source kept."""
