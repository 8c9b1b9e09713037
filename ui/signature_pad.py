"""A pad to sign on with a pen, a tablet or the mouse, and the signature as a PNG.

Each stroke is kept as its points (widget coordinates) with the pen width at each point: the
pressure of a pen or tablet sets the width, the mouse draws at one width. Strokes are drawn as
quadratic curves through the midpoints of the points, which smooths the corners of a fast
mouse movement, and the same drawing code paints the widget and renders the PNG.

``to_png`` crops to the drawn area plus a margin and fits it into at most 600 × 200 pixels on a
transparent background. The bytes depend only on the strokes: not on the widget's size, the
screen or the time.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from dataclasses import dataclass

from PySide6.QtCore import (
    QBuffer,
    QByteArray,
    QEvent,
    QIODevice,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QImage,
    QImageWriter,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QTabletEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

INK = QColor(16, 24, 48)  # blue-black, the colour of a signing pen
MOUSE_WIDTH = 2.6
MIN_WIDTH = 1.0  # at the lightest pressure
MAX_WIDTH = 5.0  # at full pressure
WIDTH_SMOOTHING = 0.35  # weight of a new pressure reading: no jumps in width between points
MIN_STEP = 0.75  # points closer than this to the last one add nothing but weight
PNG_MAX = QSize(600, 200)
PNG_MARGIN = 12.0  # around the drawn area, in widget pixels
PNG_MAX_UPSCALE = 2.0  # a small signature is rendered larger, for a sharper print
PNG_MIN_LINE = 1.8  # pixels of the PNG: the thinnest line drawn
PNG_DOTS_PER_METRE = 3780  # 96 dpi, fixed: the default follows the screen, and would vary
BASELINE_INSET = 16
BASELINE_FROM_BOTTOM = 30


@dataclass(frozen=True)
class InkPoint:
    x: float
    y: float
    width: float

    def point(self) -> QPointF:
        return QPointF(self.x, self.y)


Stroke = list[InkPoint]


def _midpoint(a: InkPoint, b: InkPoint) -> QPointF:
    return QPointF((a.x + b.x) / 2, (a.y + b.y) / 2)


def stroke_pieces(stroke: Stroke) -> Iterator[tuple[QPainterPath, float]]:
    """The stroke as (path, pen width) pieces, one per run of points of the same width."""
    if len(stroke) < 2:
        return
    path = QPainterPath(stroke[0].point())
    width = stroke[1].width
    last = len(stroke) - 1
    for i in range(1, last + 1):
        current = stroke[i]
        if current.width != width:
            yield path, width
            path = QPainterPath(path.currentPosition())
            width = current.width
        if i == last:
            path.lineTo(current.point())
        else:
            path.quadTo(current.point(), _midpoint(current, stroke[i + 1]))
    yield path, width


def stroke_bounds(stroke: Stroke) -> QRectF:
    """The area the stroke's ink covers (its points grown by the widest pen)."""
    xs = [p.x for p in stroke]
    ys = [p.y for p in stroke]
    half = max(p.width for p in stroke) / 2
    return QRectF(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys)).adjusted(
        -half, -half, half, half
    )


def paint_strokes(
    painter: QPainter, strokes: list[Stroke], colour: QColor, min_width: float = 0.0
) -> None:
    """Draw the strokes; no pen thinner than ``min_width`` (in the painter's units)."""
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    for stroke in strokes:
        if len(stroke) == 1:  # a dot: a tap of the pen
            dot = stroke[0]
            radius = max(dot.width, min_width) / 2
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(colour)
            painter.drawEllipse(dot.point(), radius, radius)
            continue
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for path, width in stroke_pieces(stroke):
            pen = QPen(colour, max(width, min_width))
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
            painter.setPen(pen)
            painter.drawPath(path)


class SignaturePad(QWidget):
    """Sign with a pen, a tablet or the mouse. Delete or Backspace clears, Ctrl+Z takes back
    the last stroke.

    Signals:
        changed: a stroke was finished or taken back, or the pad was cleared.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signaturePad")
        self._strokes: list[Stroke] = []
        self._current: Stroke | None = None
        self._tablet_down = False  # a pen is drawing: ignore the mouse events it may cause
        self._placeholder: str | None = None
        self.setMinimumSize(360, 120)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName(self.tr("Signature"))
        how = self.tr("Sign with a pen or the mouse. Delete clears the signature.")
        self.setAccessibleDescription(how)
        self.setToolTip(how)

    # -- state -----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(480, 150)

    def set_placeholder(self, text: str | None) -> None:
        """What the empty pad says; ``None``: "Sign here"."""
        self._placeholder = text
        self.update()

    def is_empty(self) -> bool:
        return not self._strokes and not self._current

    @property
    def strokes(self) -> int:
        """How many strokes are drawn (the one under the pen included)."""
        return len(self._strokes) + (1 if self._current else 0)

    def clear(self) -> None:
        had_ink = not self.is_empty()
        self._strokes = []
        self._current = None
        self._tablet_down = False
        self.update()
        if had_ink:
            self.changed.emit()

    def undo(self) -> None:
        """Take back the last finished stroke."""
        if self._strokes and self._current is None:
            self._strokes.pop()
            self.update()
            self.changed.emit()

    # -- the PNG ---------------------------------------------------------------------------

    def drawn_area(self) -> QRectF:
        """The area the ink covers, in widget coordinates (empty when nothing is drawn)."""
        area = QRectF()
        for stroke in self._all_strokes():
            area = area.united(stroke_bounds(stroke))
        return area

    def to_png(self) -> bytes:
        """The signature as PNG bytes: cropped to the ink plus a margin, transparent, at most
        600 × 200 pixels. Raises ``ValueError`` when nothing is drawn."""
        if self.is_empty():
            raise ValueError("nothing is drawn on the signature pad")
        area = self.drawn_area().adjusted(-PNG_MARGIN, -PNG_MARGIN, PNG_MARGIN, PNG_MARGIN)
        # whole pixels, so that the same strokes always give the same image
        left, top = math.floor(area.left()), math.floor(area.top())
        width = math.ceil(area.right()) - left
        height = math.ceil(area.bottom()) - top
        scale = min(PNG_MAX.width() / width, PNG_MAX.height() / height, PNG_MAX_UPSCALE)
        size = QSize(
            max(1, min(PNG_MAX.width(), round(width * scale))),
            max(1, min(PNG_MAX.height(), round(height * scale))),
        )
        image = QImage(size, QImage.Format.Format_ARGB32_Premultiplied)
        image.setDotsPerMeterX(PNG_DOTS_PER_METRE)
        image.setDotsPerMeterY(PNG_DOTS_PER_METRE)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        try:
            painter.scale(scale, scale)
            painter.translate(-left, -top)
            # a large signature scaled down keeps a line that prints
            paint_strokes(painter, self._all_strokes(), INK, PNG_MIN_LINE / scale)
        finally:
            painter.end()
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        writer = QImageWriter(buffer, QByteArray(b"png"))
        if not writer.write(image):
            raise RuntimeError(f"Qt could not encode the signature as PNG: {writer.errorString()}")
        buffer.close()
        return bytes(data.data())

    # -- drawing ---------------------------------------------------------------------------

    def _all_strokes(self) -> list[Stroke]:
        return [*self._strokes, self._current] if self._current else list(self._strokes)

    def _begin(self, position: QPointF, width: float) -> None:
        self._current = [InkPoint(position.x(), position.y(), round(width, 2))]
        self._refresh_around(self._current)

    def _extend(self, position: QPointF, width: float) -> None:
        if self._current is None:
            return
        last = self._current[-1]
        if math.hypot(position.x() - last.x, position.y() - last.y) < MIN_STEP:
            return
        smoothed = last.width + (width - last.width) * WIDTH_SMOOTHING
        self._current.append(InkPoint(position.x(), position.y(), round(smoothed, 2)))
        self._refresh_around(self._current[-3:])

    def _finish(self) -> None:
        if self._current is None:
            return
        self._strokes.append(self._current)
        self._current = None
        self.update()
        self.changed.emit()

    def _refresh_around(self, points: Stroke) -> None:
        grow = MAX_WIDTH + 2
        self.update(stroke_bounds(points).adjusted(-grow, -grow, grow, grow).toAlignedRect())

    @staticmethod
    def _pressure_width(pressure: float) -> float:
        pressure = min(max(pressure, 0.0), 1.0)
        return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * pressure

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        width = self._pressure_width(event.pressure())
        if kind == QTabletEvent.Type.TabletPress:
            self._tablet_down = True
            self._begin(event.position(), width)
        elif kind == QTabletEvent.Type.TabletMove:
            if self._tablet_down:
                self._extend(event.position(), width)
        elif kind == QTabletEvent.Type.TabletRelease:
            if self._tablet_down:
                self._extend(event.position(), width)
                self._tablet_down = False
                self._finish()
        # accepted: Qt makes no mouse events of it, so the stroke is not drawn twice
        event.accept()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._tablet_down:
            super().mousePressEvent(event)
            return
        self._begin(event.position(), MOUSE_WIDTH)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._current is None or self._tablet_down:
            super().mouseMoveEvent(event)
            return
        self._extend(event.position(), MOUSE_WIDTH)
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._current is None:
            super().mouseReleaseEvent(event)
            return
        if not self._tablet_down:
            self._extend(event.position(), MOUSE_WIDTH)
            self._finish()
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.clear()
            event.accept()
        elif event.matches(QKeySequence.StandardKey.Undo):
            self.undo()
            event.accept()
        else:
            super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.update()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.EnabledChange:  # greyed when disabled, else in ink
            if not self.isEnabled():
                self._current = None
                self._tablet_down = False
            self.update()

    # -- painting --------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        palette = self.palette()
        enabled = self.isEnabled()
        group = QPalette.ColorGroup.Active if enabled else QPalette.ColorGroup.Disabled
        painter = QPainter(self)
        try:
            painter.setClipRect(event.rect())
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            frame = QRectF(self.rect()).adjusted(1, 1, -1, -1)
            painter.fillRect(self.rect(), palette.color(group, QPalette.ColorRole.Window))
            # disabled: the colour of the window, not of a field to write in
            base = QPalette.ColorRole.Base if enabled else QPalette.ColorRole.Window
            painter.setBrush(palette.color(group, base))
            focused = self.hasFocus() and enabled
            border = palette.color(
                group, QPalette.ColorRole.Highlight if focused else QPalette.ColorRole.Mid
            )
            painter.setPen(QPen(border, 2 if focused else 1))
            painter.drawRoundedRect(frame, 4, 4)
            self._paint_baseline(painter, palette.color(group, QPalette.ColorRole.Mid))
            if self.is_empty():
                self._paint_placeholder(
                    painter, palette.color(group, QPalette.ColorRole.PlaceholderText)
                )
            ink = INK if enabled else palette.color(group, QPalette.ColorRole.Text)
            paint_strokes(painter, self._all_strokes(), ink)
        finally:
            painter.end()

    def _baseline_y(self) -> int:
        return self.height() - BASELINE_FROM_BOTTOM

    def _paint_baseline(self, painter: QPainter, colour: QColor) -> None:
        y = self._baseline_y()
        painter.setPen(QPen(colour, 1))
        painter.drawLine(BASELINE_INSET, y, self.width() - BASELINE_INSET, y)
        # the "×" that marks where to sign, drawn as lines: no font needed
        x, size = BASELINE_INSET + 2, 6
        painter.setPen(QPen(colour, 1.5))
        painter.drawLine(x, y - 6 - size, x + size, y - 6)
        painter.drawLine(x, y - 6, x + size, y - 6 - size)

    def _paint_placeholder(self, painter: QPainter, colour: QColor) -> None:
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        painter.setFont(font)
        painter.setPen(colour)
        area = QRect(0, 0, self.width(), self._baseline_y())
        text = self._placeholder or self.tr("Sign here")
        painter.drawText(area, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)
