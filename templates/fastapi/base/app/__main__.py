"""Entry point: `python -m app` reads the config, then serves with uvicorn on HOST:PORT."""

import signal

from app.logging_config import configure_logging
from app.main import create_app
from app.serving import serve
from app.settings import load_settings


def main() -> None:
    settings = load_settings()
    configure_logging(settings.log_level)
    # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown (stop accepting, finish in-flight
    # requests, run the lifespan's shutdown); a no-op handler turns that into a clean exit 0.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    serve(create_app(settings), settings.host, settings.port)


if __name__ == "__main__":
    main()
