"""Baseline: a bare FastAPI app answering a constant, served by uvicorn from a generated project's venv."""

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse

app = FastAPI()


@app.get("/")
async def constant() -> PlainTextResponse:
    return PlainTextResponse("ok")
