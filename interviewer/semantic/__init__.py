"""Sentence embeddings: the semantic half of rubric matching."""
