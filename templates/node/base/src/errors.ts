/**
 * The one error shape every response uses:
 *   {"error": {"code": "snake_case", "message": "...", "details"?: [{"path", "message"}]}}
 * Add a code here (with its HTTP status) when a feature needs a new kind of failure.
 */
export const ERROR_STATUS = {
  invalid_json: 400,
  validation_error: 400,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  rate_limited: 429,
  internal_error: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export interface ErrorDetail {
  path: string;
  message: string;
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string; details?: ErrorDetail[] };
}

export interface AppErrorOptions {
  details?: ErrorDetail[];
  /** Response headers that belong to this error, e.g. Retry-After on rate_limited. */
  headers?: Record<string, string>;
}

/** An expected failure: the HTTP layer turns it into its status code and error body. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly details?: ErrorDetail[];
  readonly headers: Record<string, string>;

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }

  get statusCode(): number {
    return ERROR_STATUS[this.code];
  }

  toBody(): ErrorBody {
    return errorBody(this.code, this.message, this.details);
  }
}

export function errorBody(code: ErrorCode, message: string, details?: ErrorDetail[]): ErrorBody {
  return details ? { error: { code, message, details } } : { error: { code, message } };
}

export const notFound = (message = 'Not found'): AppError => new AppError('not_found', message);

/** What a client sees for an unexpected failure: never the stack or the cause. */
export const internalErrorBody = (): ErrorBody =>
  errorBody('internal_error', 'Something went wrong on our side');
