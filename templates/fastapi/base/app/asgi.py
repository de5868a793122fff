"""The app as `python -m app` builds it, from the environment, for
`uvicorn --factory app.asgi:create_app_from_env`: the dev server (`python -m app.dev`) reloads it
from here on every change."""

from fastapi import FastAPI

from app.logging_config import configure_logging
from app.main import create_app
from app.settings import load_settings


def create_app_from_env() -> FastAPI:
    settings = load_settings()
    configure_logging(settings.log_level)
    return create_app(settings)
