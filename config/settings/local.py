"""Development on a newcomer's machine: SQLite, console e-mail, DEBUG on."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("LOTRINH_DEBUG", True)

# Readable lines in a developer's terminal; production keeps one JSON object per line.
LOGGING["formatters"]["plain"] = {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}  # noqa: F405
LOGGING["handlers"]["console"]["formatter"] = "plain"  # noqa: F405

# Serve static files straight from the apps' folders; no collectstatic in development.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
