"""Core tests here, milestone tests in milestones/, shared setup in support/ and conftest.py."""
