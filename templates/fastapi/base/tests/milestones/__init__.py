"""Milestone tests go here, one file per milestone (e.g. test_custom_aliases.py).

They use the same fixtures as the core tests (tests/conftest.py: `client`, `app`, `start_app`,
`make_settings`), so a milestone test is just requests and the expected responses.
"""
