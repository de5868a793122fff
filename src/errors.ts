/** An error the user caused or can fix: printed as one line, without a stack trace. */
export class UserError extends Error {
  override name = 'UserError';
}

/** The run was stopped: Ctrl-C in a prompt, or SIGINT / SIGTERM at any step. */
export class CancelledError extends Error {
  override name = 'CancelledError';
  /** 128 + the signal's number, as a shell reports a process that a signal ended. */
  readonly exitCode: number;
  constructor(readonly signal: 'SIGINT' | 'SIGTERM' = 'SIGINT') {
    super('Cancelled');
    this.exitCode = signal === 'SIGTERM' ? 143 : 130;
  }
}
