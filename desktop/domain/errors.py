"""Domain exceptions: expected errors shown to the user as friendly Chinese messages."""


class DomainError(Exception):
    """An expected error (bad input, missing calendar…); `field` names the form field it belongs to, if any."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field

    def __str__(self) -> str:
        return self.message
