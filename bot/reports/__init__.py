"""Statistics from the store: ``figures`` of a period, as text, JSON, CSV or a chart."""

from bot.reports.figures import figures

__all__ = ["figures"]
