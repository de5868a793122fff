"""Test infrastructure shared by every test file: Postgres and Redis, running app instances."""
