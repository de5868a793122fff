"""This service's settings: the shared ones plus the URL shortener's own."""

from pydantic import Field

from app.settings import CommonSettings


class Settings(CommonSettings):
    rate_limit_per_minute: int = Field(default=60, ge=1)
    cache_ttl_seconds: int = Field(default=3600, ge=1)
    trust_proxy: bool = False
