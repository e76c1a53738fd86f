"""Small, dependency-free SVG charts for the report pages, labelled in the page's language."""

from __future__ import annotations

import math
from collections.abc import Sequence
from xml.sax.saxutils import escape

WIDTH = 760
FONT = "system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans CJK JP', 'Noto Sans JP', Meiryo, sans-serif"
INK = "#1f2933"
MUTED = "#616e7c"
GRID = "#d9dee3"
BACKGROUND = "#ffffff"
# Colour-blind-safe palette (Okabe & Ito), mildest decision first.
PALETTE = ("#009E73", "#56B4E9", "#0072B2", "#E69F00", "#D55E00", "#CC79A7", "#999999", "#F0E442")


def _svg(height: float, title: str, description: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" '
        f'height="{height:.0f}" role="img" aria-labelledby="chart-title chart-desc" '
        f'font-family="{escape(FONT)}" font-size="12" fill="{INK}">'
        f'<title id="chart-title">{escape(title)}</title><desc id="chart-desc">{escape(description)}</desc>'
        f'<rect width="100%" height="100%" fill="{BACKGROUND}" rx="6"/>' + "".join(body) + "</svg>\n"
    )


def _text(
    x: float, y: float, text: str, anchor: str = "start", fill: str = INK, size: int = 12, weight: str = ""
) -> str:
    weight_attr = f' font-weight="{weight}"' if weight else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{fill}" font-size="{size}"{weight_attr}>'
        f"{escape(text)}</text>"
    )


def _text_width(text: str, size: int = 11) -> float:
    """Rough rendered width: CJK characters are about one em wide, Latin ones about 0.6 em."""
    return sum(size if ord(ch) > 0x2E80 else size * 0.6 for ch in text)


def _ink_on(colour: str) -> str:
    """Dark or white text, whichever reads better on ``colour`` (#rrggbb)."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return INK if 0.299 * red + 0.587 * green + 0.114 * blue > 150 else "#ffffff"


def _legend(items: Sequence[tuple[str, str]], top: float) -> tuple[list[str], float]:
    """Colour keys that wrap onto new lines; returns the elements and the y below them."""
    body, x, y = [], 16.0, top
    for colour, label in items:
        width = 16 + _text_width(label) + 18
        if x + width > WIDTH - 16:
            x, y = 16.0, y + 18
        if colour:
            body.append(f'<rect x="{x:.1f}" y="{y}" width="12" height="12" fill="{colour}"/>')
        else:
            body.append(_text(x + 6, y + 10, "▼", anchor="middle", size=10))
        body.append(_text(x + 16, y + 10, label, size=11))
        x += width
    return body, y + 24


def stacked_bars(
    title: str,
    description: str,
    rows: Sequence[tuple[str, dict[str, int], str]],
    categories: Sequence[tuple[str, str]],
    reference_label: str,
) -> str:
    """One bar per row, split by category; rows are (label, counts by category id, reference category id)."""
    left, right, row_height = 90, 20, 24
    colours = {category: PALETTE[i % len(PALETTE)] for i, (category, _) in enumerate(categories)}
    legend, top = _legend([(colours[c], label) for c, label in categories] + [("", reference_label)], 34)
    top += 8
    height = top + row_height * len(rows) + 16
    body = [_text(16, 24, title, size=15, weight="600"), *legend]
    span = WIDTH - left - right
    for index, (label, counts, reference) in enumerate(rows):
        y = top + index * row_height
        total = sum(counts.values()) or 1
        body.append(_text(left - 8, y + 15, label, anchor="end", size=11))
        x = float(left)
        for category, _ in categories:
            count = counts.get(category, 0)
            if not count:
                continue
            width = span * count / total
            body.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{width:.1f}" height="{row_height - 8}" fill="{colours[category]}">'
                f"<title>{escape(f'{label}: {category} {count}')}</title></rect>"
            )
            if category == reference:
                body.append(_text(x + width / 2, y + 2, "▼", anchor="middle", size=10))
            if width > 18:
                body.append(
                    _text(
                        x + width / 2,
                        y + 16,
                        str(count),
                        anchor="middle",
                        size=10,
                        fill=_ink_on(colours[category]),
                    )
                )
            x += width
    return _svg(height, title, description, body)


def horizontal_bars(
    title: str,
    description: str,
    rows: Sequence[tuple[str, float]],
    value_format: str = "{:.0%}",
    marker: tuple[str, float] | None = None,
) -> str:
    """One bar per row for values in 0..1 (e.g. accuracy), with an optional labelled vertical marker."""
    left, right, top, row_height = 150, 60, 44, 22
    height = top + row_height * len(rows) + 30
    span = WIDTH - left - right
    body = [_text(16, 24, title, size=15, weight="600")]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        x = left + span * tick
        body.append(f'<line x1="{x:.1f}" y1="{top - 4}" x2="{x:.1f}" y2="{height - 24}" stroke="{GRID}"/>')
        body.append(_text(x, height - 8, f"{tick:.0%}", anchor="middle", size=10, fill=MUTED))
    for index, (label, value) in enumerate(rows):
        y = top + index * row_height
        body.append(_text(left - 8, y + 14, label, anchor="end", size=11))
        if math.isnan(value):
            body.append(_text(left + 4, y + 14, "–", fill=MUTED))
            continue
        width = span * max(0.0, min(1.0, value))
        body.append(
            f'<rect x="{left}" y="{y + 3}" width="{width:.1f}" height="{row_height - 8}" fill="{PALETTE[2]}"/>'
        )
        body.append(_text(left + width + 6, y + 14, value_format.format(value), size=11))
    if marker is not None:
        label, value = marker
        x = left + span * value
        body.append(
            f'<line x1="{x:.1f}" y1="{top - 8}" x2="{x:.1f}" y2="{height - 24}" stroke="{PALETTE[5]}" '
            f'stroke-width="2" stroke-dasharray="4 3"/>'
        )
        body.append(_text(x, top - 12, f"{label} {value:.0%}", anchor="middle", size=10, fill=PALETTE[5]))
    return _svg(height, title, description, body)


def line_chart(
    title: str,
    description: str,
    x_labels: Sequence[str],
    series: Sequence[tuple[str, Sequence[float]]],
    y_label: str,
) -> str:
    """Values in 0..1 over rounds, one line per series (areas), with a legend underneath."""
    left, right, top, plot_h, inset = 60, 30, 52, 200, 70
    plot_w = WIDTH - left - right
    colours = [PALETTE[n % len(PALETTE)] for n in range(len(series))]
    legend, bottom = _legend([(colours[n], name) for n, (name, _) in enumerate(series)], top + plot_h + 34)
    body = [
        _text(16, 24, title, size=15, weight="600"),
        _text(left, top - 12, y_label, size=10, fill=MUTED),
        *legend,
    ]
    for tick in (0, 0.25, 0.5, 0.75, 1.0):
        y = top + plot_h * (1 - tick)
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 4, f"{tick:.2f}", anchor="end", size=10, fill=MUTED))
    steps = max(len(x_labels) - 1, 1)

    def x_of(index: int) -> float:
        if len(x_labels) == 1:
            return left + plot_w / 2
        return left + inset + (plot_w - 2 * inset) * index / steps

    for index, label in enumerate(x_labels):
        body.append(_text(x_of(index), top + plot_h + 16, label, anchor="middle", size=10, fill=MUTED))
    for number, (_, values) in enumerate(series):
        points = [
            (x_of(i), top + plot_h * (1 - max(0.0, min(1.0, v))))
            for i, v in enumerate(values)
            if not math.isnan(v)
        ]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            body.append(
                f'<polyline points="{path}" fill="none" stroke="{colours[number]}" stroke-width="2"/>'
            )
        body += [f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colours[number]}"/>' for x, y in points]
    return _svg(bottom, title, description, body)
