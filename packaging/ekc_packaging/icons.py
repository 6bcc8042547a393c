"""The workstation's icon in every size, drawn from the master SVG with QtSvg."""

from __future__ import annotations

import os
import struct
from pathlib import Path

from ekc_packaging.common import (
    ICON_SVG,
    NAME,
    WORK,
    BuildError,
)

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render_icons(dest: Path) -> dict[int, Path]:
    """PNGs of the master SVG in every standard size, drawn by QtSvg (no other tool needed)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication, QImage, QPainter
        from PySide6.QtSvg import QSvgRenderer
    except ImportError as exc:
        raise BuildError(f"PySide6 (QtSvg) is needed to draw the icons: {exc}") from exc
    _app = QGuiApplication.instance() or QGuiApplication([])
    renderer = QSvgRenderer(str(ICON_SVG))
    if not renderer.isValid():
        raise BuildError(f"{ICON_SVG} is not an SVG QtSvg can draw")
    dest.mkdir(parents=True, exist_ok=True)
    out = {}
    for size in ICON_SIZES:
        image = QImage(size, size, QImage.Format.Format_ARGB32)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        renderer.render(painter)
        painter.end()
        path = dest / f"{size}.png"
        if not image.save(str(path)):
            raise BuildError(f"could not write {path}")
        out[size] = path
    del _app
    return out


def write_ico(pngs: dict[int, Path], path: Path) -> Path:
    """A Windows .ico holding the PNGs as they are (PNG entries: Windows Vista and later)."""
    sizes = sorted(pngs)
    blobs = [pngs[s].read_bytes() for s in sizes]
    header = struct.pack("<HHH", 0, 1, len(sizes))
    offset = len(header) + 16 * len(sizes)
    entries = b""
    for size, blob in zip(sizes, blobs, strict=True):
        side = 0 if size >= 256 else size  # 0 means 256 in an ICONDIRENTRY
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(blob), offset)
        offset += len(blob)
    path.write_bytes(header + entries + b"".join(blobs))
    return path


def icons() -> tuple[dict[int, Path], Path]:
    folder = WORK / "icons"
    pngs = render_icons(folder)
    return pngs, write_ico(pngs, folder / f"{NAME}.ico")
