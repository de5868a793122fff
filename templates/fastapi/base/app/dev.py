"""`python -m app.dev`: the dev server. It serves as `python -m app` does, with the server options
the app asks for, and restarts whenever a file under app/ changes."""

import uvicorn

from app.logging_config import configure_logging
from app.main import create_app
from app.settings import load_settings


def main() -> None:
    settings = load_settings()
    configure_logging(settings.log_level)
    # The reloader rebuilds the app in a fresh process from the factory; this one only reads
    # what the app needs of the server (the WebSocket implementation, for one).
    server_options = getattr(create_app(settings).state, "uvicorn_options", {})
    uvicorn.run(
        "app.asgi:create_app_from_env",
        factory=True,
        reload=True,
        reload_dirs=["app"],
        host=settings.host,
        port=settings.port,
        log_config=None,
        **server_options,
    )


if __name__ == "__main__":
    main()
