class ApplicationError(Exception):
    """A domain rule was broken. The message is translated and safe to show to the user.

    ``errors`` carries several field messages at once ({field: [message, ...]}) when a service checks a
    whole record; ``field`` names the one field when there is a single message.
    """

    def __init__(self, message: str, *, field: str | None = None, errors: dict[str, list[str]] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or ({field: [message]} if field else {})
