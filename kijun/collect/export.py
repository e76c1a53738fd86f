"""A round's stored answers as the files trainees would have e-mailed: one results JSON per submission, zipped.

Unzipped into a folder, they feed ``kijun report`` like any export, and give the same figures as reading the
database directly (the file names are the ones :mod:`kijun.report.from_collector` names the submissions by).
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterable

from kijun.collect.store import Stored


def export_name(stored: Stored) -> str:
    """``000042-A-017.json``: arrival order first, then the agent as a safe file-name part (it is only a label)."""
    agent = re.sub(r"[^A-Za-z0-9_-]+", "_", stored.agent).strip("_")[:40] or "agent"
    return f"{stored.seq:06d}-{agent}.json"


def export_zip(submissions: Iterable[Stored]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for stored in submissions:
            text = json.dumps(stored.document(), ensure_ascii=False, indent=2)
            archive.writestr(export_name(stored), text.encode("utf-8"))
    return buffer.getvalue()
