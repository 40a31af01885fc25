"""The figures as text, JSON or CSV, and as a PNG chart."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

FORMATS = ("text", "json", "csv")

TITLES = {
    "conversations": "Anonymous conversations",
    "referrals": "New referrals",
    "clients": "Clients admitted to the assistance system",
    "children": "Minor children",
    "exploited_in": "Exploited in",
    "exploitation": "Forms of exploitation",
    "sectors": "Sectors of forced labour",
    "heard_from": "How people found the service",
    "needs": "Needs",
    "indicators": "ILO indicators seen",
    "languages": "Languages of referrals",
    "conversation_languages": "Languages of conversations",
}

CHARTED = ("exploited_in", "exploitation", "sectors", "heard_from")


def render(report: dict[str, Any], fmt: str) -> str:
    """The report in ``fmt``: one of ``FORMATS``."""
    if fmt == "json":
        return json.dumps(report, indent=2, ensure_ascii=False) + "\n"
    if fmt == "csv":
        return _csv(report)
    if fmt == "text":
        return _text(report)
    raise ValueError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")


def rows(report: dict[str, Any]) -> list[tuple[str, str, Any]]:
    """``(section, item, value)`` for every figure, in report order."""
    flat: list[tuple[str, str, Any]] = []
    for section, value in report.items():
        if isinstance(value, dict):
            flat.extend((section, key, item) for key, item in value.items())
        else:
            flat.append((section, "", value))
    return flat


def _csv(report: dict[str, Any]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(("section", "item", "value"))
    writer.writerows(rows(report))
    return buffer.getvalue()


def _text(report: dict[str, Any]) -> str:
    period = report["period"]
    lines = [f"Turva report {period['from']} – {period['to']}", ""]
    for section, value in report.items():
        if section == "period":
            continue
        title = TITLES.get(section, section)
        if not isinstance(value, dict):
            lines.append(f"{title}: {value}")
            continue
        lines.append(f"{title}:")
        width = max((len(key) for key in value), default=0)
        lines.extend(f"  {key.ljust(width)}  {count:>6}" for key, count in value.items())
        if not value:
            lines.append("  (none)")
    return "\n".join(lines) + "\n"


def chart(report: dict[str, Any], path: Path) -> None:
    """Bar charts of where, what, which sector and how found, in one PNG."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(11, 8), dpi=100)
    FigureCanvasAgg(figure)
    period = report["period"]
    figure.suptitle(
        f"{period['from']} – {period['to']}: {report['referrals']} referrals, "
        f"{report['conversations']} conversations"
    )
    for index, section in enumerate(CHARTED, start=1):
        axes = figure.add_subplot(2, 2, index)
        counts = report[section]
        axes.barh(list(counts), list(counts.values()), color="#3b6ea5")
        axes.invert_yaxis()
        axes.set_title(TITLES[section])
        axes.xaxis.get_major_locator().set_params(integer=True)
    figure.tight_layout()
    figure.savefig(path, format="png")
