"""Remove the indentation a theme's templates leave in generated HTML, without changing what renders.

Only leading whitespace and blank lines go; lines are never joined, and ``<pre>`` and ``<textarea>`` contents,
where whitespace is content, are left exactly as they are.
"""

from __future__ import annotations

import re

_PRESERVE = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)


def strip_indentation(html: str) -> str:
    parts = _PRESERVE.split(html)
    out = []
    # re.split with two groups yields: text, whole preserved block, tag name, text, ...
    for index in range(0, len(parts), 3):
        text = parts[index]
        body = "\n".join(line.lstrip() for line in text.split("\n") if line.strip())
        # Keep one break where whitespace met a preserved block: between inline elements it renders as a space.
        lead = "\n" if text[:1].isspace() and index > 0 else ""
        trail = "\n" if text[-1:].isspace() and index + 1 < len(parts) else ""
        out.append(lead + body + trail if body else (lead or trail))
        if index + 1 < len(parts):
            out.append(parts[index + 1])
    return "".join(out)
