import { z } from 'zod';

/** Response shapes every service shares, for the OpenAPI document. */

export const ErrorResponse = z
  .object({
    error: z.object({
      code: z.string().meta({ description: 'snake_case error code, e.g. not_found' }),
      message: z.string(),
      details: z
        .array(z.object({ path: z.string(), message: z.string() }))
        .optional()
        .meta({ description: 'Present on validation_error: one entry per problem' }),
    }),
  })
  .meta({ description: 'Error' });

const DependencyState = z.enum(['up', 'down']);

export const HealthResponse = z.object({
  status: z.enum(['ok', 'degraded', 'down']),
  checks: z.object({ postgres: DependencyState, redis: DependencyState }),
});
