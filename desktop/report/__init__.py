"""Annual report: narrative and figures -> checks -> official-format PDF (pure: no Qt, no database)."""
