"""Rasa custom actions: thin glue that reads slots, calls ``bot`` services and returns events."""
