"""Rasa NLU components of the assistant's own."""
