"""GET /health: Postgres decides up or down; Redis being down only degrades the service."""

import asyncio
import logging
from typing import Literal

import asyncpg
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from redis.asyncio import Redis

logger = logging.getLogger("app.health")

router = APIRouter(tags=["health"])

CHECK_TIMEOUT_SECONDS = 2

DependencyState = Literal["up", "down"]


class HealthChecks(BaseModel):
    postgres: DependencyState
    redis: DependencyState


class HealthResponse(BaseModel):
    status: Literal["ok", "degraded", "down"]
    checks: HealthChecks


@router.get(
    "/health",
    response_model=HealthResponse,
    responses={503: {"model": HealthResponse, "description": "Postgres is unreachable"}},
)
async def health(request: Request) -> JSONResponse:
    postgres, redis = await asyncio.gather(
        _check_postgres(request.app.state.pool), _check_redis(request.app.state.redis)
    )
    if postgres == "down":
        status, status_code = "down", 503
    elif redis == "down":
        status, status_code = "degraded", 200
    else:
        status, status_code = "ok", 200
    body = HealthResponse(status=status, checks=HealthChecks(postgres=postgres, redis=redis))
    return JSONResponse(body.model_dump(), status_code=status_code)


async def _check_postgres(pool: asyncpg.Pool) -> DependencyState:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            await pool.fetchval("SELECT 1")
    except Exception as exc:  # any failure means "down"; the reason goes to the log
        logger.warning("postgres health check failed", extra={"reason": repr(exc)})
        return "down"
    return "up"


async def _check_redis(redis: Redis) -> DependencyState:
    try:
        await redis.ping()
    except Exception as exc:
        logger.warning("redis health check failed", extra={"reason": repr(exc)})
        return "down"
    return "up"
