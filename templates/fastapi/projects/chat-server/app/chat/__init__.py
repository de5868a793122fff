"""Chat rooms over WebSockets: history in Postgres, fan-out and presence in Redis."""
