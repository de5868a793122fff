"""Milestone tests go here, one file per milestone (e.g. test_custom_aliases.py).

They use the same fixtures as the core tests (tests/conftest.py: `client`, `app`, `start_app`,
`make_settings`), so a milestone test is just requests and the expected responses.

The database outlives a test run: a value that must be unique (a name, an alias, a key) is made
new on every run, `f"my-link-{secrets.token_hex(4)}"`, or the second run finds it taken.
"""
