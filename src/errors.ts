/** An error the user caused or can fix: printed as one line, without a stack trace. */
export class UserError extends Error {
  override name = 'UserError';
}

/** Thrown when the user presses Ctrl-C (in a prompt or during a step). */
export class CancelledError extends Error {
  override name = 'CancelledError';
  constructor() {
    super('Cancelled');
  }
}
