"""The incident extractor: rules and vocabularies over the labelling guide's fields.

``extract_article(article_id, text)`` reads one article; ``cluster`` groups the incidents of many
articles that report the same event.
"""
