"""Pure domain rules: calendars, deadlines, identifier checks, money and fees (no Qt, no database)."""
