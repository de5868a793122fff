"""Response bodies of the rooms API (and their OpenAPI schemas)."""

from pydantic import BaseModel, Field

from app.json_models import CamelModel, Timestamp


class MessageOut(CamelModel):
    id: int
    room: str
    name: str
    text: str
    created_at: Timestamp


class MessagesPage(BaseModel):
    messages: list[MessageOut] = Field(description="Newest first")


class MembersOut(BaseModel):
    members: list[str] = Field(description="Names online in the room on any instance, sorted")
