"""The service package. `python -m app` starts it; `app.main.create_app` builds it."""
