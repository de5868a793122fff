"""The job queue: the API's side (enqueue, read, retry) and the worker's (claim, run, record)."""
