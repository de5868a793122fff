"""This service's settings: the shared ones plus the chat server's own."""

from pydantic import Field

from app.settings import CommonSettings


class Settings(CommonSettings):
    # How long a member stays listed after its instance stops refreshing it.
    presence_ttl_seconds: int = Field(default=30, ge=5, le=3600)
    # Chat messages one socket may send per 10 seconds before it gets rate_limited errors.
    messages_per_10_seconds: int = Field(default=60, ge=1, le=10000)
