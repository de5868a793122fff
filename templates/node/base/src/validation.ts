import type { z } from 'zod';
import { AppError, type ErrorDetail } from './errors.js';

/**
 * Zod issues as error details. `path` is the dotted path inside the validated
 * value (e.g. "url"); an issue about the value as a whole has path "body".
 */
export function issuesToDetails(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  root = 'body',
): ErrorDetail[] {
  return issues.map((issue) => ({
    path: issue.path.length > 0 ? issue.path.map(String).join('.') : root,
    message: issue.message,
  }));
}

/** Parses `input` with `schema`, or throws a 400 validation_error listing every issue. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new AppError('validation_error', 'The request is invalid', {
      details: issuesToDetails(result.error.issues),
    });
  }
  return result.data;
}
