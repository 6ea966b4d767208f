// The moderation queue on a laptop: keyboard shortcuts (J to the next photo, A to approve it),
// and axe-core with zero WCAG 2.1 A/AA violations on the queue. Run through scripts/browser-tests.sh.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  BASE_URL,
  DATA_DIR,
  assertAccessible,
  launch,
  loginByMagicLink,
  makeJpegs,
  newPhone,
  submitEntryByApi,
  uniqueEmail,
} from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a moderator approves with the keyboard; the queue is accessible', { timeout: 120_000 }, async () => {
  // Two photos awaiting moderation, sent by a participant.
  const phone = await newPhone(browser);
  const sent = [];
  try {
    const p = await phone.newPage();
    await loginByMagicLink(p, uniqueEmail('moderation'), '/');
    for (const [i, photo] of (await makeJpegs(browser, 2)).entries()) {
      sent.push((await submitEntryByApi(phone, { photo, title: `À modérer ${i + 1}`, description: 'Un arrêt de bus sous la neige.' })).id);
    }
  } finally {
    await phone.close();
  }

  const laptop = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  try {
    const page = await laptop.newPage();
    const text = await readFile(join(DATA_DIR, 'demo-admin.txt'), 'utf8');
    const email = text.match(/^email:\s*(\S+)/m)[1];
    const password = text.match(/^password:\s*(\S+)/m)[1];
    await page.goto('/login/team');
    await page.locator('#staff-email').fill(email);
    await page.locator('#password').fill(password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.locator('form[action="/login/password"] button').click()]);

    // Wait until both photos are processed and in the queue.
    for (let i = 0; ; i++) {
      await page.goto('/moderation');
      const ready = await page.locator(`.moderation-item[data-entry="${sent[0]}"]`).count();
      if (ready) break;
      assert.ok(i < 60, 'the photos never reached the moderation queue');
      await sleep(1000);
    }
    await assertAccessible(page, '/moderation — the queue');

    // J focuses the first photo of the queue, A approves it.
    const first = await page.locator('.moderation-item').first().getAttribute('data-entry');
    await page.keyboard.press('j');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-entry')), first, 'J focuses the first photo');
    // The decision is a form post answered by a redirect to the queue: wait for the queue that
    // comes back (the page is already at /moderation, so its URL alone says nothing).
    await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'GET' && new URL(r.url()).pathname === '/moderation'),
      page.keyboard.press('a'),
    ]);
    await page.waitForLoadState('load');
    assert.equal(await page.locator(`.moderation-item[data-entry="${first}"]`).count(), 0, 'A approved it: it left the queue');
    const status = await laptop.request.get(`/api/v1/entries/${first}`);
    assert.equal((await status.json()).status, 'approved');
  } finally {
    await laptop.close();
  }
});
