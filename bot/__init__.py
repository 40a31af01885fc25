"""Turva: an anonymous, multilingual assistant for people who may be victims of trafficking."""
