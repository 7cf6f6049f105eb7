"""``python -m flatten_lint``: the command-line interface."""
from .cli import main

raise SystemExit(main())
