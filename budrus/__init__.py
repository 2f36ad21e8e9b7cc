"""Budrus: a static-site generator for a bilingual campaign against human trafficking."""

__version__ = "0.1.0"
