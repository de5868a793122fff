"""Response bodies of the rooms API (and their OpenAPI schemas)."""

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

from app.chat.messages import ChatMessage, iso_millis


class MessageOut(BaseModel):
    model_config = ConfigDict(
        alias_generator=to_camel, validate_by_name=True, serialize_by_alias=True
    )

    id: int
    room: str
    name: str
    text: str
    created_at: str = Field(
        json_schema_extra={"format": "date-time", "example": "2025-01-31T12:00:00.123Z"}
    )

    @classmethod
    def from_message(cls, message: ChatMessage) -> "MessageOut":
        return cls(
            id=message.id,
            room=message.room,
            name=message.name,
            text=message.text,
            created_at=iso_millis(message.created_at),
        )


class MessagesPage(BaseModel):
    messages: list[MessageOut] = Field(description="Newest first")


class MembersOut(BaseModel):
    members: list[str] = Field(description="Names online in the room on any instance, sorted")
