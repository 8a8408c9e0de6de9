"""`python -m desktop` runs the command line; without a command it starts the GUI."""

from desktop.cli import main

raise SystemExit(main())
