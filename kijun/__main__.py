"""Allow ``python -m kijun``."""

from kijun.cli import main

raise SystemExit(main())
