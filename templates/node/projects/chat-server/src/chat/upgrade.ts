/**
 * GET /ws as a plain HTTP request (no `Upgrade: websocket`), once its room and
 * name passed the checks: 426 Upgrade Required, in the one error shape.
 */
export const UPGRADE_REQUIRED = {
  statusCode: 426,
  headers: { Upgrade: 'websocket' },
  body: {
    error: { code: 'upgrade_required', message: 'Open this URL with a WebSocket client' },
  },
} as const;
