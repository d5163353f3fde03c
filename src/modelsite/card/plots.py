"""Small, self-contained SVG plots drawn by hand from the evaluation data embedded at export.

No plotting library: each plot is a few dozen SVG elements, accessible (`role="img"` with a
`<title>` and `<desc>` the `aria-labelledby` attribute points to) and safe (every piece of text
from the model file is XML-escaped; numbers are formatted by this module). Colours of axes and
labels follow `currentColor`, so the plots read well in light and dark themes.

Input shapes (`ModelInfo.evaluation`, written by `modelsite.export`); readers accept a few
equivalent spellings so that older files still plot:

- `confusion_matrix`: `{"labels": [...], "matrix": [[...], ...]}` (rows: true, columns:
  predicted), or a bare list of rows (labels from `evaluation["labels"]` or `0..n-1`).
- `roc` / `pr`: one curve `{"fpr": [...], "tpr": [...], "auc": x}` (PR: `recall`, `precision`,
  `average_precision`/`ap`), a list of such curves each with a `label`, or a mapping
  `label -> curve`, or `{"curves": [...]}`.
- `residuals`: `{"y_true": [...], "y_pred": [...]}` or `{"predicted": [...], "residuals": [...]}`.
- `feature_importances`: `{"names": [...], "values": [...]}` (also `features`/`importances`),
  a mapping `name -> value`, or a list of `[name, value]` pairs / `{"name", "value"}` objects.

Anything malformed gives no plot rather than an error: the card then simply has fewer figures.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from markupsafe import escape

from modelsite.card.numbers import metric_text, short_number
from modelsite.wording import count

W, H = 360, 300
"""Size of every plot (SVG user units; the element scales to its container)."""
PALETTE = ("#3f51b5", "#e65100", "#2e7d32", "#ad1457", "#00838f", "#6d4c41", "#5e35b1", "#9e9d24")
DASHES = ("", "7 3", "2 3", "9 3 2 3", "4 4", "1 2", "12 4", "5 2 1 2")
"""One dash pattern per curve, so curves that coincide still show as several lines."""
MARKERS = ("circle", "square", "triangle", "diamond", "down", "cross", "plus", "bar")
"""One marker shape per curve, placed at staggered points along it."""
MAX_POINTS = 200
MAX_CLASSES = 25
MAX_FEATURES = 20


@dataclass(frozen=True, kw_only=True)
class Plot:
    """One rendered figure: what it shows (for captions and alt text) and its SVG markup."""

    key: str
    """`confusion_matrix`, `roc`, `pr`, `residuals` or `feature_importances`."""
    title: str
    description: str
    svg: str


# ---------------------------------------------------------------- helpers


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _escape(value: Any) -> str:
    """Escape any text for SVG content and attribute values (characters XML forbids become
    U+FFFD, so the SVG stays well-formed whatever the model file says)."""
    return str(escape(_NOT_XML.sub("\ufffd", "" if value is None else str(value))))


def _num(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    f = float(value)
    return f if math.isfinite(f) else None


def _nums(values: Any) -> list[float] | None:
    if not isinstance(values, Sequence) or isinstance(values, (str, bytes)):
        return None
    out = [_num(v) for v in values]
    if not out or any(v is None for v in out):
        return None
    return [v for v in out if v is not None]


def _px(x: float) -> str:
    """Coordinates with one decimal: small files, stable output."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _thin(xs: list[float], ys: list[float]) -> tuple[list[float], list[float]]:
    """At most MAX_POINTS points, keeping the first and the last."""
    n = len(xs)
    if n <= MAX_POINTS:
        return xs, ys
    idx = sorted({round(i * (n - 1) / (MAX_POINTS - 1)) for i in range(MAX_POINTS)})
    return [xs[i] for i in idx], [ys[i] for i in idx]


def _svg(uid: str, title: str, desc: str, body: list[str], height: int = H) -> str:
    """Wrap elements in an accessible SVG root (one line per element, no blank lines)."""
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="ms-plot" role="img" '
        f'viewBox="0 0 {W} {height}" width="{W}" height="{height}" '
        f'aria-labelledby="{uid}-title {uid}-desc" font-family="sans-serif" font-size="11" '
        f'fill="currentColor">'
    )
    return "\n".join(
        [
            head,
            f'<title id="{uid}-title">{_escape(title)}</title>',
            f'<desc id="{uid}-desc">{_escape(desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


@dataclass(frozen=True)
class _Frame:
    """The plotting area and the data ranges it maps."""

    left: float = 52
    top: float = 28
    right: float = W - 14
    bottom: float = H - 44
    x0: float = 0.0
    x1: float = 1.0
    y0: float = 0.0
    y1: float = 1.0

    def x(self, v: float) -> float:
        span = (self.x1 - self.x0) or 1.0
        return self.left + (v - self.x0) / span * (self.right - self.left)

    def y(self, v: float) -> float:
        span = (self.y1 - self.y0) or 1.0
        return self.bottom - (v - self.y0) / span * (self.bottom - self.top)


def _axes(fr: _Frame, xlabel: str, ylabel: str, ticks: int = 5) -> list[str]:
    out = [
        f'<rect x="{_px(fr.left)}" y="{_px(fr.top)}" width="{_px(fr.right - fr.left)}" '
        f'height="{_px(fr.bottom - fr.top)}" fill="none" stroke="currentColor" '
        f'stroke-opacity="0.5"/>'
    ]
    for i in range(ticks + 1):
        xv = fr.x0 + (fr.x1 - fr.x0) * i / ticks
        yv = fr.y0 + (fr.y1 - fr.y0) * i / ticks
        x, y = fr.x(xv), fr.y(yv)
        out.append(
            f'<text x="{_px(x)}" y="{_px(fr.bottom + 14)}" text-anchor="middle">'
            f"{_escape(short_number(xv))}</text>"
        )
        out.append(
            f'<text x="{_px(fr.left - 4)}" y="{_px(y + 4)}" text-anchor="end">'
            f"{_escape(short_number(yv))}</text>"
        )
    out.append(
        f'<text x="{_px((fr.left + fr.right) / 2)}" y="{_px(fr.bottom + 32)}" '
        f'text-anchor="middle">{_escape(xlabel)}</text>'
    )
    cy = (fr.top + fr.bottom) / 2
    out.append(
        f'<text x="12" y="{_px(cy)}" text-anchor="middle" '
        f'transform="rotate(-90 12 {_px(cy)})">{_escape(ylabel)}</text>'
    )
    return out


def _screen(fr: _Frame, xs: list[float], ys: list[float]) -> list[tuple[str, str]]:
    xs, ys = _thin(xs, ys)
    return [(_px(fr.x(a)), _px(fr.y(b))) for a, b in zip(xs, ys, strict=True)]


def _polyline(fr: _Frame, xs: list[float], ys: list[float], color: str, dash: str = "") -> str:
    pts = " ".join(f"{x},{y}" for x, y in _screen(fr, xs, ys))
    dashed = f' stroke-dasharray="{dash}"' if dash else ""
    return f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"{dashed}/>'


def _marker(shape: str, x: float, y: float, color: str, r: float = 3.5) -> str:
    """A small filled shape centred on `(x, y)`."""
    if shape == "circle":
        return f'<circle cx="{_px(x)}" cy="{_px(y)}" r="{_px(r)}" fill="{color}"/>'
    if shape == "square":
        return (
            f'<rect x="{_px(x - r)}" y="{_px(y - r)}" width="{_px(2 * r)}" height="{_px(2 * r)}" '
            f'fill="{color}"/>'
        )
    shapes: dict[str, list[tuple[float, float]]] = {
        "triangle": [(0, -1.2), (1.1, 0.9), (-1.1, 0.9)],
        "diamond": [(0, -1.3), (1.3, 0), (0, 1.3), (-1.3, 0)],
        "down": [(0, 1.2), (1.1, -0.9), (-1.1, -0.9)],
        "cross": [(-1, -1), (1, 1), (0, 0), (1, -1), (-1, 1), (0, 0)],
        "plus": [(0, -1.3), (0, 1.3), (0, 0), (-1.3, 0), (1.3, 0), (0, 0)],
        "bar": [(-1.3, -0.5), (1.3, -0.5), (1.3, 0.5), (-1.3, 0.5)],
    }
    points = shapes[shape]
    pts = " ".join(f"{_px(x + dx * r)},{_px(y + dy * r)}" for dx, dy in points)
    if shape in ("cross", "plus"):
        return f'<polyline points="{pts}" fill="none" stroke="{color}" stroke-width="2"/>'
    return f'<polygon points="{pts}" fill="{color}"/>'


def _along(points: list[tuple[float, float]], share: float) -> tuple[float, float]:
    """The point `share` (0 to 1) of the way along a polyline, by length."""
    lengths = [math.dist(a, b) for a, b in itertools.pairwise(points)]
    total = sum(lengths)
    if total == 0:
        return points[0]
    left = share * total
    for (a, b), seg in zip(itertools.pairwise(points), lengths, strict=True):
        if left <= seg and seg > 0:
            t = left / seg
            return a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t
        left -= seg
    return points[-1]


def _markers(
    fr: _Frame, xs: list[float], ys: list[float], index: int, of: int, color: str
) -> list[str]:
    """Markers of curve `index` (of `of` curves), staggered so coinciding curves each show."""
    pts = [(float(x), float(y)) for x, y in _screen(fr, xs, ys)]
    shape = MARKERS[index % len(MARKERS)]
    return [_marker(shape, *_along(pts, (k + (index + 1) / (of + 1)) / 4), color) for k in range(4)]


def _legend(fr: _Frame, entries: list[tuple[str, str, str, str]], top: bool = False) -> list[str]:
    """Entries `(label, colour, dash, marker shape)`, lower right (or upper right); each
    label whole in its `<title>` (a tooltip), clipped on the plot."""
    out = []
    shown = entries[:8]
    for i, (label, color, dash, shape) in enumerate(shown):
        y = fr.top + 14 + 14 * i if top else fr.bottom - 10 - 14 * (len(shown) - 1 - i)
        x = fr.right - 150
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out += [
            f"<g><title>{_escape(label)}</title>",
            f'<line x1="{_px(x)}" y1="{_px(y - 3)}" x2="{_px(x + 18)}" y2="{_px(y - 3)}" '
            f'stroke="{color}" stroke-width="2"{dashed}/>',
            _marker(shape, x + 9, y - 3, color, r=3),
            f'<text x="{_px(x + 22)}" y="{_px(y + 1)}">{_escape(_clip(label, 21))}</text>',
            "</g>",
        ]
    return out


def _clip(text: str, n: int) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


_BOUNDARY = re.compile(r"(?<=[_./:\s-])")


def _wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """`text` in at most `lines` lines of about `width` characters, cut after `_ . / : -` or a
    space (never inside a word unless a word alone is longer); the last line clipped with `…`."""
    out: list[str] = []
    rest = text
    while rest and len(out) < lines - 1 and len(rest) > width:
        cuts = [m.start() for m in _BOUNDARY.finditer(rest) if 0 < m.start() <= width]
        cut = cuts[-1] if cuts else width
        out.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest:
        out.append(_clip(rest, width))
    return out


def _text_lines(x: float, y: float, lines: list[str], anchor: str, step: float = 12) -> str:
    """A `<text>` of one or more lines; `y` is the first line's baseline."""
    if len(lines) == 1:
        return f'<text x="{_px(x)}" y="{_px(y)}" text-anchor="{anchor}">{_escape(lines[0])}</text>'
    spans = "".join(
        f'<tspan x="{_px(x)}" dy="{0 if i == 0 else step}">{_escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    return f'<text x="{_px(x)}" y="{_px(y)}" text-anchor="{anchor}">{spans}</text>'


# ---------------------------------------------------------------- readers


def _read_confusion(ev: Mapping[str, Any]) -> tuple[list[str], list[list[float]]] | None:
    raw = ev.get("confusion_matrix")
    labels: Any = ev.get("labels") or ev.get("classes")
    if isinstance(raw, Mapping):
        labels = raw.get("labels") or raw.get("classes") or labels
        raw = raw.get("matrix") if "matrix" in raw else raw.get("values")
    if not isinstance(raw, Sequence) or isinstance(raw, str) or not raw:
        return None
    rows = [_nums(r) for r in raw]
    n = len(rows)
    if n > MAX_CLASSES or any(r is None or len(r) != n for r in rows):
        return None
    names = (
        [str(x) for x in labels]
        if isinstance(labels, Sequence) and not isinstance(labels, str) and len(labels) == n
        else [str(i) for i in range(n)]
    )
    return names, [r for r in rows if r is not None]


def _curve_list(raw: Any) -> list[tuple[str, Mapping[str, Any]]]:
    if isinstance(raw, Mapping):
        if "curves" in raw:
            return _curve_list(raw["curves"])
        if any(
            isinstance(v, Sequence) and not isinstance(v, str) for v in raw.values()
        ) and not all(isinstance(v, Mapping) for v in raw.values()):
            return [(str(raw.get("label", "")), raw)]
        return [(str(k), v) for k, v in raw.items() if isinstance(v, Mapping)]
    if isinstance(raw, Sequence) and not isinstance(raw, str):
        return [(str(c.get("label", i)), c) for i, c in enumerate(raw) if isinstance(c, Mapping)]
    return []


Curve = tuple[str, list[float], list[float], float | None]
"""`(label, xs, ys, score)` of one ROC or PR curve."""


def _read_curves(
    raw: Any, xkeys: tuple[str, ...], ykeys: tuple[str, ...], skeys: tuple[str, ...]
) -> list[Curve]:
    curves = []
    for label, c in _curve_list(raw):
        xs = next((_nums(c[k]) for k in xkeys if k in c), None)
        ys = next((_nums(c[k]) for k in ykeys if k in c), None)
        if xs is None or ys is None or len(xs) != len(ys) or len(xs) < 2:
            continue
        score = next((_num(c[k]) for k in skeys if k in c), None)
        curves.append((label, xs, ys, score))
    return curves


def _read_residuals(ev: Mapping[str, Any]) -> tuple[list[float], list[float]] | None:
    raw = ev.get("residuals")
    if not isinstance(raw, Mapping):
        return None
    pred = _nums(raw.get("y_pred", raw.get("predicted")))
    if pred is None:
        return None
    if "residuals" in raw or "residual" in raw:
        res = _nums(raw.get("residuals", raw.get("residual")))
    else:
        true = _nums(raw.get("y_true", raw.get("true")))
        res = None
        if true and len(true) == len(pred):
            res = [t - p for t, p in zip(true, pred, strict=True)]
    if res is None or len(res) != len(pred):
        return None
    return pred, res


def _read_importances(ev: Mapping[str, Any]) -> list[tuple[str, float]] | None:
    raw = ev.get("feature_importances")
    pairs: list[tuple[str, Any]] = []
    if isinstance(raw, Mapping):
        names = raw.get("names", raw.get("features"))
        values = raw.get("values", raw.get("importances"))
        if (
            isinstance(names, Sequence)
            and isinstance(values, Sequence)
            and not isinstance(names, str)
        ):
            pairs = list(zip(map(str, names), values, strict=False))
        else:
            pairs = [(str(k), v) for k, v in raw.items()]
    elif isinstance(raw, Sequence) and not isinstance(raw, str):
        for item in raw:
            if isinstance(item, Mapping):
                pairs.append(
                    (
                        str(item.get("name", item.get("feature", ""))),
                        item.get("value", item.get("importance")),
                    )
                )
            elif isinstance(item, Sequence) and not isinstance(item, str) and len(item) == 2:
                pairs.append((str(item[0]), item[1]))
    out = [(name, v) for name, value in pairs if (v := _num(value)) is not None]
    if not out:
        return None
    out.sort(key=lambda p: (-abs(p[1]), p[0]))
    return out


# ---------------------------------------------------------------- plots


def confusion_plot(ev: Mapping[str, Any], uid: str) -> Plot | None:
    data = _read_confusion(ev)
    if data is None:
        return None
    labels, rows = data
    n = len(labels)
    left, top, size = 96.0, 24.0, 220.0
    cell = size / n
    peak = max((v for r in rows for v in r), default=0.0) or 1.0
    body = []
    for i, row in enumerate(rows):
        for j, v in enumerate(row):
            x, y = left + j * cell, top + i * cell
            share = v / peak
            body.append(
                f'<rect x="{_px(x)}" y="{_px(y)}" width="{_px(cell)}" height="{_px(cell)}" '
                f'fill="#3f51b5" fill-opacity="{0.08 + 0.87 * share:.2f}" '
                f'stroke="currentColor" stroke-opacity="0.2"/>'
            )
            if n <= 12:
                color = "#ffffff" if share > 0.5 else "currentColor"
                body.append(
                    f'<text x="{_px(x + cell / 2)}" y="{_px(y + cell / 2 + 4)}" '
                    f'text-anchor="middle" fill="{color}">{_escape(short_number(v))}</text>'
                )
    for k, label in enumerate(labels):  # clipped on the plot, whole in the tooltip
        c = left + (k + 0.5) * cell
        body.append(
            f"<g><title>{_escape(label)}</title>"
            f'<text x="{_px(left - 4)}" y="{_px(top + (k + 0.5) * cell + 4)}" '
            f'text-anchor="end">{_escape(_clip(label, 14))}</text></g>'
        )
        body.append(
            f"<g><title>{_escape(label)}</title>"
            f'<text x="{_px(c)}" y="{_px(top + size + 14)}" text-anchor="middle">'
            f"{_escape(_clip(label, 8 if n > 4 else 14))}</text></g>"
        )
    body.append(
        f'<text x="{_px(left + size / 2)}" y="{_px(top + size + 32)}" '
        f'text-anchor="middle">predicted</text>'
    )
    body.append(
        f'<text x="12" y="{_px(top + size / 2)}" text-anchor="middle" '
        f'transform="rotate(-90 12 {_px(top + size / 2)})">true</text>'
    )
    total = sum(sum(r) for r in rows)
    correct = sum(rows[i][i] for i in range(n))
    desc = (
        f"Confusion matrix of {n} classes ({', '.join(labels)}) on {short_number(total)} test "
        f"samples; {short_number(correct)} on the diagonal (correctly classified)."
    )
    title = "Confusion matrix"
    return Plot(
        key="confusion_matrix", title=title, description=desc, svg=_svg(uid, title, desc, body)
    )


def _coincide(fr: _Frame, curves: list[Curve]) -> list[list[str]]:
    """Groups (of two or more labels) of curves drawn on exactly the same points."""
    groups: dict[tuple[tuple[str, str], ...], list[str]] = {}
    for label, xs, ys, _ in curves:
        groups.setdefault(tuple(_screen(fr, xs, ys)), []).append(label or "model")
    return [g for g in groups.values() if len(g) > 1]


def _perfect(curves: list[Curve], corner: tuple[float, float]) -> bool:
    """Every curve passes through `corner`: (0, 1) for ROC, (1, 1) for precision-recall."""
    return all(
        any((x, y) == corner for x, y in zip(xs, ys, strict=True)) for _, xs, ys, _ in curves
    )


def _samples(ev: Mapping[str, Any]) -> int | None:
    """How many test samples the curves were computed on, when the file says."""
    n = ev.get("n_samples")
    if isinstance(n, int) and not isinstance(n, bool) and n > 0:
        return n
    conf = _read_confusion(ev)
    total = sum(sum(r) for r in conf[1]) if conf else 0
    return int(total) if total > 0 and float(total).is_integer() else None


def _curve_plot(
    key: str,
    title: str,
    curves: list[Curve],
    uid: str,
    xlabel: str,
    ylabel: str,
    score_name: str,
    diagonal: bool,
    corner: tuple[float, float],
    samples: int | None,
) -> Plot | None:
    if not curves:
        return None
    fr = _Frame()
    body = _axes(fr, xlabel, ylabel)
    if diagonal:
        body.append(
            f'<line x1="{_px(fr.x(0))}" y1="{_px(fr.y(0))}" x2="{_px(fr.x(1))}" '
            f'y2="{_px(fr.y(1))}" stroke="currentColor" stroke-opacity="0.4" '
            f'stroke-dasharray="4 4"/>'
        )
    legend = []
    parts = []
    for i, (label, xs, ys, score) in enumerate(curves):
        color = PALETTE[i % len(PALETTE)]
        dash = DASHES[i % len(DASHES)]
        body.append(_polyline(fr, xs, ys, color, dash))
        body += _markers(fr, xs, ys, i, len(curves), color)
        name = label or "model"
        if score is not None:
            name += f" ({score_name} {metric_text(score)})"
        legend.append((name, color, dash, MARKERS[i % len(MARKERS)]))
        parts.append(name)
    notes = []
    if _perfect(curves, corner):
        on = f"the {samples} test samples" if samples else "the test samples"
        notes.append(f"perfect separation on {on}")
    for group in _coincide(fr, curves):
        notes.append(f"{_and(group)} coincide")
    for k, note in enumerate(notes[:2]):
        body.append(
            f'<text x="{_px((fr.left + fr.right) / 2)}" y="{_px(fr.top + 40 + 14 * k)}" '
            f'text-anchor="middle" font-style="italic">{_escape(_clip(note, 48))}</text>'
        )
    if len(curves) > 1 or curves[0][3] is not None:
        body += _legend(fr, legend)
    desc = f"{title}: {count(len(curves), 'curve')}: " + "; ".join(parts) + "."
    if notes:
        desc += " " + "; ".join(n[0].upper() + n[1:] for n in notes) + "."
    return Plot(key=key, title=title, description=desc, svg=_svg(uid, title, desc, body))


def _and(names: list[str]) -> str:
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def roc_plot(ev: Mapping[str, Any], uid: str) -> Plot | None:
    curves = _read_curves(
        ev.get("roc"),
        ("fpr", "false_positive_rate"),
        ("tpr", "true_positive_rate"),
        ("auc", "roc_auc"),
    )
    return _curve_plot(
        "roc",
        "ROC curve",
        curves,
        uid,
        "false positive rate",
        "true positive rate",
        "AUC",
        diagonal=True,
        corner=(0.0, 1.0),
        samples=_samples(ev),
    )


def pr_plot(ev: Mapping[str, Any], uid: str) -> Plot | None:
    curves = _read_curves(
        ev.get("pr"), ("recall",), ("precision",), ("average_precision", "ap", "auc")
    )
    return _curve_plot(
        "pr",
        "Precision-recall curve",
        curves,
        uid,
        "recall",
        "precision",
        "AP",
        diagonal=False,
        corner=(1.0, 1.0),
        samples=_samples(ev),
    )


def _span(values: list[float]) -> tuple[float, float]:
    lo, hi = min(values), max(values)
    if lo == hi:
        lo, hi = lo - 1, hi + 1
    pad = (hi - lo) * 0.05
    return lo - pad, hi + pad


def residuals_plot(ev: Mapping[str, Any], uid: str) -> Plot | None:
    data = _read_residuals(ev)
    if data is None:
        return None
    pred, res = data
    (x0, x1), (y0, y1) = _span(pred), _span([*res, 0.0])
    fr = _Frame(x0=x0, x1=x1, y0=y0, y1=y1)
    body = _axes(fr, "predicted value", "residual (true − predicted)")
    body.append(
        f'<line x1="{_px(fr.left)}" y1="{_px(fr.y(0))}" x2="{_px(fr.right)}" '
        f'y2="{_px(fr.y(0))}" stroke="currentColor" stroke-opacity="0.4" '
        f'stroke-dasharray="4 4"/>'
    )
    step = max(1, len(pred) // 500)
    for p, r in list(zip(pred, res, strict=True))[::step]:
        body.append(
            f'<circle cx="{_px(fr.x(p))}" cy="{_px(fr.y(r))}" r="2" fill="{PALETTE[0]}" '
            f'fill-opacity="0.6"/>'
        )
    mean_abs = sum(abs(r) for r in res) / len(res)
    desc = (
        f"Residuals of {len(res)} test predictions against the predicted value; mean "
        f"absolute residual {short_number(mean_abs)}, largest {short_number(max(res, key=abs))}."
    )
    title = "Residuals"
    return Plot(key="residuals", title=title, description=desc, svg=_svg(uid, title, desc, body))


def importances_plot(ev: Mapping[str, Any], uid: str) -> Plot | None:
    data = _read_importances(ev)
    if data is None:
        return None
    shown = data[:MAX_FEATURES]
    top, left, right = 24, 150.0, W - 50.0
    labels = [_wrap(name, 24) for name, _ in shown]
    bar_h = 28 if any(len(lines) > 1 for lines in labels) else 16  # room for two lines
    height = top + bar_h * len(shown) + 40
    peak = max(abs(v) for _, v in shown) or 1.0
    body = []
    for i, ((name, v), lines) in enumerate(zip(shown, labels, strict=True)):
        y = top + i * bar_h
        mid = y + bar_h / 2
        width = abs(v) / peak * (right - left)
        first = mid + 4 - 6 * (len(lines) - 1)  # the lines centred on the bar
        body += [
            # the whole name on hover
            f"<g><title>{_escape(name)}: {_escape(_importance(v))}</title>",
            _text_lines(left - 4, first, lines, "end"),
            f'<rect x="{_px(left)}" y="{_px(mid - 6)}" width="{_px(width)}" '
            f'height="12" fill="{PALETTE[0 if v >= 0 else 1]}"/>',
            f'<text x="{_px(left + width + 4)}" y="{_px(mid + 4)}">'
            f"{_escape(_importance(v))}</text>",
            "</g>",
        ]
    body.append(
        f'<text x="{_px((left + right) / 2)}" y="{_px(height - 12)}" '
        f'text-anchor="middle">importance</text>'
    )
    more = f" (top {len(shown)} of {len(data)})" if len(data) > len(shown) else ""
    desc = (
        f"Feature importances{more}: "
        + ", ".join(f"{name} {_importance(v)}" for name, v in shown[:5])
        + (", …" if len(shown) > 5 else "")
        + "."
    )
    title = "Feature importances"
    return Plot(
        key="feature_importances",
        title=title,
        description=desc,
        svg=_svg(uid, title, desc, body, height=int(height)),
    )


def _importance(v: float) -> str:
    """An importance as the card's table writes it (four significant digits)."""
    return f"{v:.4g}"


def importances(ev: Mapping[str, Any]) -> list[tuple[str, float]]:
    """Feature importances sorted by magnitude (for tables in the text exports)."""
    return _read_importances(ev) or []


def confusion(ev: Mapping[str, Any]) -> tuple[list[str], list[list[float]]] | None:
    """`(labels, rows)` of the confusion matrix (for tables in the text exports)."""
    return _read_confusion(ev)


PLOTTERS = (
    ("confusion_matrix", confusion_plot),
    ("roc", roc_plot),
    ("pr", pr_plot),
    ("residuals", residuals_plot),
    ("feature_importances", importances_plot),
)


def make_plots(evaluation: Mapping[str, Any], prefix: str = "ms") -> tuple[Plot, ...]:
    """Every plot the evaluation data supports, in a fixed order; ids start with `prefix`."""
    plots = []
    for key, plotter in PLOTTERS:
        if key not in evaluation:
            continue
        plot = plotter(evaluation, f"{prefix}-{key.replace('_', '-')}")
        if plot is not None:
            plots.append(plot)
    return tuple(plots)
