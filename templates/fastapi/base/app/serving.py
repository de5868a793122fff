"""Serving the app with uvicorn: `python -m app` runs it this way, and so do tests that need a
real server rather than an in-process client."""

import socket

import uvicorn
from fastapi import FastAPI


def server_config(app: FastAPI, host: str, port: int) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=None,  # keep our JSON logging; uvicorn's loggers propagate to it
        access_log=False,  # RequestContextMiddleware logs each request with its id
        timeout_graceful_shutdown=10,
        # What the app needs of the server beyond that (build_app's `server_options`): the
        # WebSocket implementation and frame size limit of a WebSocket service.
        **getattr(app.state, "uvicorn_options", {}),
    )


class Server(uvicorn.Server):
    """uvicorn's server, with one step more when it shuts down: once it stops accepting, and
    before it drops the connections still open, it awaits the app's `shutdown_hooks` (a list of
    async callables the lifespan puts in app.state). There a service with long-lived connections
    (WebSockets, streams) ends them in its own words; plain HTTP services have none."""

    def __init__(self, config: uvicorn.Config, app: FastAPI) -> None:
        super().__init__(config)
        self._app = app

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        for server in self.servers:
            server.close()  # stop accepting first
        for hook in getattr(self._app.state, "shutdown_hooks", ()):
            await hook()
        await super().shutdown(sockets)


def serve(app: FastAPI, host: str, port: int) -> None:
    server = Server(server_config(app, host, port), app)
    server.run()
    if not server.started:
        raise SystemExit(3)  # as uvicorn.run: the app could not start (the log says why)
