import assert from 'node:assert/strict';
import type { ContractCase } from './deployment.js';

export const env = { RATE_LIMIT_PER_MINUTE: '1000' };

export const cases: ContractCase[] = [
  {
    name: 'create, redirect, count',
    async run({ web: [baseUrl] }) {
      const created = await fetch(`${baseUrl}/shorten`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ url: 'https://example.com/matrix' }),
      });
      assert.equal(created.status, 201, `POST /shorten: ${created.status} ${await created.clone().text()}`);
      const link = (await created.json()) as { shortCode: string };
      assert.match(link.shortCode, /^[0-9A-Za-z]{7}$/);
      const redirect = await fetch(`${baseUrl}/${link.shortCode}`, { redirect: 'manual' });
      assert.equal(redirect.status, 302, `GET /{code}: ${redirect.status}`);
      assert.equal(redirect.headers.get('location'), 'https://example.com/matrix');
      const stats = await fetch(`${baseUrl}/shorten/${link.shortCode}/stats`);
      assert.equal(stats.status, 200);
      assert.equal(((await stats.json()) as { accessCount: number }).accessCount, 1);
    },
  },
];
