"""A WebSocket client that stops reading: it opens the socket, then leaves every byte the
server sends in the TCP buffers until the test tells it to read again."""

import asyncio
import socket
from urllib.parse import urlencode

from websockets.client import ClientProtocol
from websockets.frames import Close
from websockets.protocol import State
from websockets.uri import parse_uri


class SlowReader:
    def __init__(
        self,
        protocol: ClientProtocol,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
    ) -> None:
        self._protocol = protocol
        self._reader = reader
        self._writer = writer

    @classmethod
    async def open(cls, host: str, port: int, room: str, name: str) -> "SlowReader":
        sock = socket.socket()
        # A small receive window, so the server's frames stay on the server's side.
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        sock.setblocking(False)
        await asyncio.get_running_loop().sock_connect(sock, (host, port))
        # limit: asyncio stops reading the socket once 2 KiB wait in its buffer.
        reader, writer = await asyncio.open_connection(sock=sock, limit=1024)
        query = urlencode({"room": room, "name": name})
        protocol = ClientProtocol(parse_uri(f"ws://{host}:{port}/ws?{query}"), max_size=None)
        protocol.send_request(protocol.connect())
        writer.write(b"".join(protocol.data_to_send()))
        while protocol.state is State.CONNECTING:
            protocol.receive_data(await reader.read(4096))
        return cls(protocol, reader, writer)

    async def read_until_closed(self) -> tuple[int, Close | None]:
        """Reads everything the server sent; returns (frames, the close frame received)."""
        frames = 0
        while self._protocol.close_rcvd is None:
            data = await self._reader.read(65536)
            if not data:
                self._protocol.receive_eof()
                break
            self._protocol.receive_data(data)
            frames += len(self._protocol.events_received())
        self._writer.close()
        return frames, self._protocol.close_rcvd
