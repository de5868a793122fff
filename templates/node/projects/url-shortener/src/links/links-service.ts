import { AppError, notFound } from '../errors.js';
import type { Logger } from '../logger.js';
import type { ClickCounter } from './click-counter.js';
import type { LinkCache } from './link-cache.js';
import type { LinkRecord, LinksRepository } from './links-repository.js';
import type { Link, LinkStats } from './schemas.js';
import { generateShortCode, isValidShortCode } from './short-code.js';
import { toLocation } from './url.js';

// 62^7 codes make a collision rare; a few retries make a failure practically impossible.
const MAX_CODE_ATTEMPTS = 5;

const toLink = (record: LinkRecord): Link => ({
  id: record.id,
  url: record.url,
  shortCode: record.shortCode,
  createdAt: record.createdAt.toISOString(),
  updatedAt: record.updatedAt.toISOString(),
});

const linkNotFound = () => notFound('No link has this short code');

/**
 * The use cases of the links API. Takes validated plain values, returns plain
 * response bodies, and throws AppError for expected failures: the HTTP layer
 * stays a thin translation.
 */
export class LinksService {
  constructor(
    private readonly links: LinksRepository,
    private readonly cache: LinkCache,
    private readonly clicks: ClickCounter,
    private readonly logger: Logger,
  ) {}

  async create(url: string): Promise<Link> {
    for (let attempt = 1; attempt <= MAX_CODE_ATTEMPTS; attempt++) {
      const record = await this.links.insert(generateShortCode(), url);
      if (record) return toLink(record);
      this.logger.info({ attempt }, 'short code collision, retrying with a new code');
    }
    throw new AppError('internal_error', `No free short code after ${MAX_CODE_ATTEMPTS} attempts`);
  }

  async get(shortCode: string): Promise<Link> {
    return toLink(await this.find(shortCode));
  }

  async update(shortCode: string, url: string): Promise<Link> {
    const record = isValidShortCode(shortCode)
      ? await this.links.updateUrl(shortCode, url)
      : undefined;
    if (!record) throw linkNotFound();
    await this.cache.delete(shortCode);
    return toLink(record);
  }

  async remove(shortCode: string): Promise<void> {
    const deleted = isValidShortCode(shortCode) && (await this.links.deleteByCode(shortCode));
    if (!deleted) throw linkNotFound();
    await Promise.all([this.cache.delete(shortCode), this.clicks.forget(shortCode)]);
  }

  /** Flushes pending clicks first, so the count includes every redirect served so far. */
  async stats(shortCode: string): Promise<LinkStats> {
    if (!isValidShortCode(shortCode)) throw linkNotFound();
    try {
      await this.clicks.flush();
    } catch (err) {
      this.logger.warn({ err }, 'click flush before stats failed; the count may lag');
    }
    const record = await this.find(shortCode);
    return { ...toLink(record), accessCount: record.accessCount };
  }

  /**
   * The redirect target for a code, counting one access. The hot path: a cache
   * hit is one Redis round trip (read and count together) and no Postgres query.
   */
  async resolve(shortCode: string): Promise<string> {
    if (!isValidShortCode(shortCode)) throw linkNotFound();
    const cached = await this.cache.getAndCountClick(shortCode);
    if (cached) return toLocation(cached.url);

    const record = await this.links.findByCode(shortCode);
    if (!record) throw linkNotFound();
    await Promise.all([
      this.cache.set(shortCode, { id: record.id, url: record.url }),
      this.clicks.record(shortCode),
    ]);
    return toLocation(record.url);
  }

  private async find(shortCode: string): Promise<LinkRecord> {
    const record = isValidShortCode(shortCode) ? await this.links.findByCode(shortCode) : undefined;
    if (!record) throw linkNotFound();
    return record;
  }
}
