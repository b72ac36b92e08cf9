"""Press monitoring: read news articles, extract the incidents they report (``extract``), and
score the extractor against labelled articles (``evaluate``)."""
