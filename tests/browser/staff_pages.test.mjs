// Every staff page of the demo campaign on a laptop (1366×900), in French then in English:
// axe-core finds no WCAG 2.1 A/AA violation, and no page writes an ISO date or a decimal point
// for people. Run through scripts/browser-tests.sh.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { BASE_URL, assertAccessible, demoAdmin, launch, signInTeam } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const PAGES = [
  ['/admin', 'contests'],
  ['/admin/c/demo', 'a contest’s setup'],
  ['/admin/c/demo/dashboard', 'dashboard'],
  ['/admin/c/demo/votes', 'votes'],
  ['/admin/c/demo/jury', 'jury rounds'],
  ['/admin/c/demo/covers', 'covers'],
  ['/admin/c/demo/look', 'look'],
  ['/admin/c/demo/copy', 'a new edition'],
  ['/admin/staff', 'team'],
  ['/admin/users', 'people'],
  ['/admin/audit', 'audit log'],
  ['/moderation', 'moderation'],
  ['/moderation?state=approved', 'moderation, approved shelf'],
  ['/c/demo/embed', 'embedded gallery'],
];

for (const locale of ['fr-FR', 'en-GB']) {
  test(`staff pages are accessible and written for people (${locale})`, { timeout: 180_000 }, async () => {
    const laptop = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1366, height: 900 }, locale });
    try {
      const page = await laptop.newPage();
      const { email, password } = await demoAdmin();
      await signInTeam(page, email, password);
      for (const [path, what] of PAGES) {
        const res = await page.goto(path);
        assert.equal(res.status(), 200, `${path}: ${res.status()}`);
        await assertAccessible(page, `${path} — ${what} (${locale})`);
        // What a person reads: no ISO timestamp (2026-12-07 or 2026-12-07T14:00).
        const text = await page.evaluate(() => document.body.innerText);
        const iso = text.match(/\b20\d\d-\d\d-\d\d\b/);
        assert.equal(iso, null, `${path} (${locale}) shows an ISO date: ${iso?.[0]}`);
      }
    } finally {
      await laptop.close();
    }
  });
}
