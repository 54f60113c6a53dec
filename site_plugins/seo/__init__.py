"""The `seo` MkDocs plugin: structured data (JSON-LD) derived from each page's own content."""

from .faq import FaqEntry, extract_faq

__all__ = ["FaqEntry", "extract_faq"]
