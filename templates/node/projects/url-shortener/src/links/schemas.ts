import { z } from 'zod';
import { MAX_URL_LENGTH, URL_PATTERN, urlProblem } from './url.js';

/**
 * The HTTP contract of the links API, as zod schemas: the web layer validates
 * requests with them and generates the OpenAPI document from them.
 */

export const TargetUrl = z
  .string({
    error: (issue) => (issue.input === undefined ? 'url is required' : 'url must be a string'),
  })
  .superRefine((value, ctx) => {
    const problem = urlProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: `url ${problem}` });
  })
  .meta({
    description:
      'Absolute http or https URL with a host, at most 2048 characters, no spaces or control characters',
    example: 'https://example.com/some/long/page',
    // Published for clients; the check itself is urlProblem's, which gives the reason.
    minLength: 1,
    maxLength: MAX_URL_LENGTH,
    pattern: URL_PATTERN,
  });

/** Body of POST /shorten and PUT /shorten/{code}. */
export const LinkInput = z.object({ url: TargetUrl }, { error: 'The body must be a JSON object' });
export type LinkInput = z.infer<typeof LinkInput>;

/** The {code} path parameter. Codes outside [0-9A-Za-z]{1,64} are a 404, not a 400. */
export const CodeParams = z.object({
  code: z.string().meta({
    description: 'Short code: 1-64 letters and digits (others are a 404)',
    example: 'aZ3kP9q',
    pattern: '^[0-9A-Za-z]{1,64}$',
  }),
});

export const Link = z.object({
  id: z.number().int(),
  url: z.string(),
  shortCode: z.string(),
  createdAt: z.iso.datetime().meta({ example: '2024-05-01T12:00:00.000Z' }),
  updatedAt: z.iso.datetime().meta({ example: '2024-05-01T12:00:00.000Z' }),
});
export type Link = z.infer<typeof Link>;

export const LinkStats = Link.extend({
  accessCount: z.number().int().meta({ description: 'Redirects served for this code' }),
});
export type LinkStats = z.infer<typeof LinkStats>;
