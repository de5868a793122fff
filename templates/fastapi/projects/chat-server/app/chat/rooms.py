"""The members connected to this instance, by room. Other instances' members are reached
through Redis (fanout.py); this is only the local half."""

from collections import Counter

from app.chat.connection import Connection
from app.chat.frames import Outgoing
from app.chat.websocket_server import write_text


class LocalRooms:
    def __init__(self) -> None:
        self._sockets: dict[str, set[Connection]] = {}
        # room -> name -> sockets: a name with two tabs open is one member of the room.
        self._names: dict[str, Counter[str]] = {}

    def add(self, connection: Connection) -> None:
        self._sockets.setdefault(connection.room, set()).add(connection)
        self._names.setdefault(connection.room, Counter())[connection.name] += 1

    def remove(self, connection: Connection) -> bool:
        """Returns False when the connection was not (or no longer) in its room."""
        room, name = connection.room, connection.name
        sockets = self._sockets.get(room)
        if sockets is None or connection not in sockets:
            return False
        sockets.discard(connection)
        names = self._names[room]
        names[name] -= 1
        if names[name] == 0:
            del names[name]
        if not sockets:
            del self._sockets[room], self._names[room]
        return True

    def deliver(self, room: str, frame: Outgoing, skip_name: str | None = None) -> None:
        """Writes `frame` to every local socket of `room` (except those of `skip_name`)."""
        # A list first: a socket over its send budget leaves the room while we loop.
        sockets = [
            connection.socket
            for connection in list(self._sockets.get(room, ()))
            if connection.name != skip_name and connection.accepts(frame)
        ]
        write_text(sockets, frame.text)

    def has_room(self, room: str) -> bool:
        return room in self._sockets

    def has_name(self, room: str, name: str) -> bool:
        return name in self._names.get(room, ())

    def names(self, room: str) -> set[str]:
        return set(self._names.get(room, ()))

    def memberships(self) -> list[tuple[str, str]]:
        """Every (room, name) with at least one socket here."""
        return [(room, name) for room, names in self._names.items() for name in names]

    def connections(self) -> list[Connection]:
        return [connection for sockets in self._sockets.values() for connection in sockets]
