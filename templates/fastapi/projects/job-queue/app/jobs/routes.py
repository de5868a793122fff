"""HTTP routes of the jobs API. Thin: validation, status codes, then the JobService."""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import JSONResponse

from app.dependencies import from_state
from app.errors import ApiError, ErrorResponse, error_responses, found, not_found
from app.jobs.model import JobStatus
from app.jobs.repository import NewJob
from app.jobs.schemas import (
    EnqueueRequest,
    JobList,
    JobOut,
    QueueStats,
    parse_run_at,
    payload_json,
)
from app.jobs.service import JobService
from app.json_route import JsonBodyRoute

router = APIRouter(tags=["jobs"], route_class=JsonBodyRoute)

# Ids are bigint: anything that is not a number in its range cannot be a job.
MAX_JOB_ID = 2**63 - 1


NOT_FOUND = "Job not found"


def _job_id_in_path(
    job_id: Annotated[
        str,
        Path(
            alias="id",
            description="the job's id",
            json_schema_extra={"type": "integer", "minimum": 1, "maximum": MAX_JOB_ID},
        ),
    ],
) -> int:
    # Read as a string (documented as the integer it is), so /jobs/abc is a 404 (no such job),
    # not a validation error.
    if not (job_id.isascii() and job_id.isdigit()) or not 1 <= int(job_id) <= MAX_JOB_ID:
        raise not_found(NOT_FOUND)
    return int(job_id)


Jobs = Annotated[JobService, Depends(from_state("jobs"))]
JobId = Annotated[int, Depends(_job_id_in_path)]

# OpenAPI links: the id of an enqueued job is the {id} of the calls about it, so a client (or a
# test tool) can follow enqueue -> read -> retry through the document.
_ID_FROM_JOB = {"id": "$response.body#/id"}
_LINKS_FROM_JOB = {
    "GetJob": {"operationId": "getJob", "parameters": _ID_FROM_JOB},
    "RetryJob": {"operationId": "retryJob", "parameters": _ID_FROM_JOB},
}

_CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {"model": ErrorResponse, "description": "The job is not dead (`conflict`)"}
}


@router.post(
    "/jobs",
    status_code=201,
    response_model=JobOut,
    responses={
        201: {"description": "The new job", "links": _LINKS_FROM_JOB},
        200: {
            "model": JobOut,
            "description": "The job created earlier with this idempotencyKey",
            "links": _LINKS_FROM_JOB,
        },
        **error_responses(400, 413),
    },
    summary="Enqueue a job",
)
async def enqueue_job(body: EnqueueRequest, jobs: Jobs) -> JSONResponse:
    new = NewJob(
        type=body.type,
        payload_json=payload_json(body.payload),
        run_at=parse_run_at(body.run_at) if body.run_at is not None else None,
        max_attempts=body.max_attempts,
        idempotency_key=body.idempotency_key,
    )
    job, created = await jobs.enqueue(new)
    return JSONResponse(
        JobOut.model_validate(job).model_dump(mode="json"), status_code=201 if created else 200
    )


@router.get(
    "/jobs",
    responses=error_responses(400),
    summary="List jobs, newest first",
)
async def list_jobs(
    jobs: Jobs,
    status: Annotated[JobStatus | None, Query(description="only jobs with this status")] = None,
    limit: Annotated[int, Query(ge=1, le=200, description="at most this many jobs")] = 50,
) -> JobList:
    newest = await jobs.list_newest(status, limit)
    return JobList(jobs=[JobOut.model_validate(job) for job in newest])


@router.get(
    "/jobs/{id}",
    responses=error_responses(404),
    summary="Read a job: its status, attempts, last error and result",
)
async def get_job(job_id: JobId, jobs: Jobs) -> JobOut:
    return JobOut.model_validate(found(await jobs.get(job_id), NOT_FOUND))


@router.post(
    "/jobs/{id}/retry",
    responses={**error_responses(404), **_CONFLICT},
    summary="Requeue a dead job: attempts back to 0, due now",
)
async def retry_job(job_id: JobId, jobs: Jobs) -> JobOut:
    job = await jobs.retry_dead(job_id)
    if job is not None:
        return JobOut.model_validate(job)
    current = found(await jobs.get(job_id), NOT_FOUND)
    raise ApiError(409, "conflict", f"Only a dead job can be retried; this one is {current.status}")


@router.get("/stats", summary="Count jobs by status")
async def get_stats(jobs: Jobs) -> QueueStats:
    return QueueStats(**await jobs.stats())
