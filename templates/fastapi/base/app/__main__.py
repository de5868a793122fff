"""Entry point: `python -m app` reads the config, then serves with uvicorn on HOST:PORT."""

import signal

import uvicorn

from app.logging_config import configure_logging
from app.main import create_app
from app.settings import load_settings


def main() -> None:
    settings = load_settings()
    configure_logging(settings.log_level)
    # uvicorn re-raises SIGTERM/SIGINT after its graceful shutdown (stop accepting, finish in-flight
    # requests, run the lifespan's shutdown); a no-op handler turns that into a clean exit 0.
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: None)
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_config=None,  # keep our JSON logging; uvicorn's loggers propagate to it
        access_log=False,  # RequestContextMiddleware logs each request with its id
        timeout_graceful_shutdown=10,
    )


if __name__ == "__main__":
    main()
