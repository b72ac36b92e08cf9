"""Press ingest: outlets as data, feeds and sitemaps read politely, pages reduced to their text,
wire copies collapsed (docs/media.md, "Ingest")."""
