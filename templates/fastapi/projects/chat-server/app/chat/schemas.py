"""Response bodies of the rooms API (and their OpenAPI schemas)."""

from typing import Self

from pydantic import BaseModel, Field

from app.chat.messages import ChatMessage
from app.json_models import CamelModel, Timestamp


class MessageOut(CamelModel):
    id: int
    room: str
    name: str
    text: str
    created_at: Timestamp

    @classmethod
    def from_message(cls, message: ChatMessage) -> Self:
        return cls.model_validate(message, from_attributes=True)


class MessagesPage(BaseModel):
    messages: list[MessageOut] = Field(description="Newest first")


class MembersOut(BaseModel):
    members: list[str] = Field(description="Names online in the room on any instance, sorted")
