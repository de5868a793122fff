"""The worker process: `python -m app.worker` claims jobs from Postgres and runs them."""
