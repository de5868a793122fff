import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { Deployment } from '../contract/deployment.js';

/** Debian's `chromium` package (installed by .ci/run); browser downloads do not work on these machines. */
const chromiumPaths = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'];

async function launch(): Promise<Browser> {
  const executablePath = chromiumPaths.find((candidate) => candidate && existsSync(candidate));
  if (!executablePath) throw new Error('the browser check needs Chromium: apt-get install chromium, or set CHROMIUM_PATH');
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath,
    // No sandbox as root; no background requests to Google's hosts, which this network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

async function join(page: Page, baseUrl: string, room: string, name: string) {
  await page.goto(`${baseUrl}/`);
  await page.fill('#room', room);
  await page.fill('#name', name);
  await page.click('#join-button');
  await page.waitForFunction(() => !(document.getElementById('text') as HTMLInputElement).disabled, undefined, { timeout: 10_000 });
}

/**
 * The chat page of two instances in a real browser: a message typed on one page shows on the other
 * page (served by the other instance), and a message holding HTML is shown as text, never run.
 */
export async function browserCheck({ web }: Deployment): Promise<void> {
  assert.ok(web.length >= 2, 'the browser check needs two web instances');
  const browser = await launch();
  try {
    const room = `browser-${Date.now().toString(36)}`;
    const [alice, bob] = await Promise.all([browser.newPage(), browser.newPage()]);
    const dialogs: string[] = [];
    for (const page of [alice, bob]) page.on('dialog', (dialog) => void dialog.dismiss().then(() => dialogs.push(dialog.message())));
    await join(alice, web[0]!, room, 'alice');
    await join(bob, web[1]!, room, 'bob');
    await bob.waitForFunction(() => document.getElementById('member-list')!.textContent!.includes('alice'), undefined, { timeout: 10_000 });

    const send = async (page: Page, text: string) => {
      await page.fill('#text', text);
      await page.click('#send-button');
    };
    await send(alice, 'hello from the first instance');
    await bob.waitForFunction(() => document.getElementById('log')!.textContent!.includes('hello from the first instance'), undefined, {
      timeout: 10_000,
    });

    const attack = '<img src=x onerror=alert(1)>';
    await send(bob, attack);
    for (const page of [alice, bob]) {
      await page.waitForFunction((text) => document.getElementById('log')!.textContent!.includes(text), attack, { timeout: 10_000 });
      assert.equal(await page.locator('#log img').count(), 0, 'a message was rendered as HTML');
    }
    assert.deepEqual(dialogs, [], 'a message ran script');
  } finally {
    await browser.close();
  }
}
