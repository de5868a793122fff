import { Router } from 'express';
import { methodNotAllowed } from '../http/errors.js';
import { jsonBody } from '../http/json-body.js';
import { JobInput, ListQuery, MAX_PAYLOAD_BYTES } from '../jobs/schemas.js';
import type { Services } from '../services.js';
import { parseOrThrow } from '../validation.js';

// A payload may take 1 MiB; the rest of the body (type, runAt, key, whitespace) gets 64 KiB.
// A payload over 1 MiB inside a body under this limit is still a 413, from the jobs service.
const BODY_LIMIT_BYTES = MAX_PAYLOAD_BYTES + 64 * 1024;

/** The jobs API: enqueue, list, get, retry a dead job, and counts per status. */
export function jobsRouter({ jobs }: Pick<Services, 'jobs'>): Router {
  const router = Router();

  router
    .route('/jobs')
    .post(jsonBody(BODY_LIMIT_BYTES), async (req, res) => {
      const { job, created } = await jobs.enqueue(parseOrThrow(JobInput, req.body));
      res.status(created ? 201 : 200).json(job);
    })
    .get(async (req, res) => {
      res.json(await jobs.list(parseOrThrow(ListQuery, req.query)));
    })
    .all(methodNotAllowed('GET', 'POST'));

  router
    .route('/jobs/:id')
    .get(async (req, res) => {
      res.json(await jobs.get(req.params.id));
    })
    .all(methodNotAllowed('GET'));

  router
    .route('/jobs/:id/retry')
    .post(async (req, res) => {
      res.json(await jobs.retry(req.params.id));
    })
    .all(methodNotAllowed('POST'));

  router
    .route('/stats')
    .get(async (_req, res) => {
      res.json(await jobs.stats());
    })
    .all(methodNotAllowed('GET'));

  return router;
}
