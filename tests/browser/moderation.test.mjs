// The moderation workspace on a laptop (1366×900): a dense grid (at least 24 photos in view), the
// contest and flag filters, decisions by keyboard without reloading the page, the refusal's reason
// in a dialog, the undo, and the review page with the duplicate beside the photo; axe-core with
// zero WCAG 2.1 A/AA violations on the grid, the dialog and the review. Run through
// scripts/browser-tests.sh.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  BASE_URL,
  adminApi,
  assertAccessible,
  createOpenContest,
  demoAdmin,
  launch,
  signInTeam,
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

/** Sends `photos` as a new participant of contest `slug`; their ids. */
async function sendAs(tag, slug, photos) {
  const phone = await newPhone(browser);
  try {
    const p = await phone.newPage();
    await loginByMagicLink(p, uniqueEmail(tag), '/');
    const ids = [];
    for (const [i, photo] of photos.entries()) {
      ids.push((await submitEntryByApi(phone, { photo, title: `${tag} ${i + 1}`, description: 'Un arrêt de bus sous la neige.', slug })).id);
    }
    return ids;
  } finally {
    await phone.close();
  }
}

const state = (page) => page.evaluate(() => ({ path: location.pathname + location.search, marker: window.__sameDocument }));

test('a moderator works through the grid by keyboard, filters it, undoes, and reviews a duplicate', { timeout: 180_000 }, async () => {
  const admin = await adminApi();
  const slug = `moderation-${Date.now().toString(36)}`;
  await createOpenContest(admin, slug, 'Concours de la modération');
  const photos = await makeJpegs(browser, 4);
  const sent = await sendAs('Photo', slug, photos);
  // Another participant sends the first photo's very file: a duplicate.
  const [copy] = await sendAs('Copie', slug, [photos[0]]);

  const laptop = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1366, height: 900 }, locale: 'fr-FR' });
  try {
    const page = await laptop.newPage();
    const { email, password } = await demoAdmin();
    await signInTeam(page, email, password);

    // The contest's own queue, once every photo is processed.
    for (let i = 0; ; i++) {
      await page.goto(`/moderation?contest=${slug}`);
      if ((await page.locator('.tile').count()) === 5) break;
      assert.ok(i < 90, 'the photos never reached the moderation queue');
      await sleep(1000);
    }
    assert.equal(await page.locator('[data-count="pending"]').textContent(), '5');
    await assertAccessible(page, '/moderation — the grid');

    // Dense: the tiles' size gives at least 24 photos in a laptop's screen.
    const fit = await page.evaluate(() => {
      const grid = document.querySelector('.tiles').getBoundingClientRect();
      const tile = document.querySelector('.tile').getBoundingClientRect();
      const gap = parseFloat(getComputedStyle(document.querySelector('.tiles')).rowGap);
      return { perRow: Math.floor((grid.width + gap) / (tile.width + gap)), rows: Math.floor((window.innerHeight + gap) / (tile.height + gap)) };
    });
    assert.ok(fit.perRow * fit.rows >= 24, `only ${fit.perRow} × ${fit.rows} photos in view`);

    // J focuses the first photo, A approves it: the tile leaves, the page stays.
    await page.evaluate(() => { window.__sameDocument = true; });
    const first = await page.locator('.tile').first().getAttribute('data-entry');
    await page.keyboard.press('j');
    assert.equal(await page.evaluate(() => document.activeElement?.getAttribute('data-entry')), first, 'J focuses the first photo');
    await page.keyboard.press('a');
    await page.locator(`.tile[data-entry="${first}"]`).waitFor({ state: 'hidden' });
    assert.equal((await state(page)).marker, true, 'no page load');
    assert.equal(await page.locator('[data-count="pending"]').textContent(), '4');
    assert.equal(await page.locator('[data-count="approved"]').textContent(), '1');
    assert.equal((await (await admin.get(`/api/v1/entries/${first}`)).json()).status, 'approved');
    assert.match(await page.locator('#recent').textContent(), /Acceptée : « Photo 1 »/);
    assert.notEqual(await page.evaluate(() => document.activeElement?.getAttribute('data-entry')), null, 'the next photo has the focus');

    // U undoes it: back in the grid, pending again.
    await page.keyboard.press('u');
    await page.locator(`.tile[data-entry="${first}"]`).waitFor({ state: 'visible' });
    assert.equal((await (await admin.get(`/api/v1/entries/${first}`)).json()).status, 'pending');
    assert.equal(await page.locator('[data-count="pending"]').textContent(), '5');
    assert.equal(await page.locator('[data-count="approved"]').textContent(), '0');

    // R asks the reason in a dialog; without one it says so beside the field.
    await page.locator(`.tile[data-entry="${copy}"]`).focus();
    await page.keyboard.press('r');
    const dialog = page.locator('#reject-dialog');
    await dialog.waitFor({ state: 'visible' });
    await assertAccessible(page, '/moderation — the refusal dialog');
    await dialog.locator('button[value="reject"]').click();
    await dialog.locator('#reject-error').waitFor({ state: 'visible' });
    await dialog.locator('#reject-reason').fill('Même photo qu’une autre participante.');
    await dialog.locator('button[value="reject"]').click();
    await page.locator(`.tile[data-entry="${copy}"]`).waitFor({ state: 'hidden' });
    const rejected = await (await admin.get(`/api/v1/entries/${copy}`)).json();
    assert.equal(rejected.status, 'rejected');
    assert.equal(rejected.rejection_reason, 'Même photo qu’une autre participante.');
    assert.equal((await state(page)).marker, true, 'still no page load');

    // The pointer approves too.
    await page.locator(`.tile[data-entry="${sent[1]}"] form[data-decide="approve"] button`).click();
    await page.locator(`.tile[data-entry="${sent[1]}"]`).waitFor({ state: 'hidden' });

    // The rejected shelf, filtered on duplicates, holds the copy; its review shows the original.
    await page.goto(`/moderation?contest=${slug}&state=rejected`);
    await page.locator('#f-flag').selectOption('duplicate');
    await page.waitForURL((u) => u.searchParams.get('flag') === 'duplicate');
    assert.deepEqual(await page.locator('.tile').evaluateAll((ts) => ts.map((t) => t.dataset.entry)), [String(copy)]);
    await page.locator(`.tile[data-entry="${copy}"] a.thumb`).click();
    await page.waitForURL((u) => u.pathname === `/moderation/e/${copy}`);
    await page.locator('.review-other').waitFor();
    assert.match(await page.locator('.review-other').textContent(), /Même fichier[\s\S]*« Photo 1 »/);
    const side = await page.evaluate(() => {
      const [a, b] = [...document.querySelectorAll('.review-photo')].map((f) => f.getBoundingClientRect());
      return Math.abs(a.top - b.top) < 2 && b.left > a.right;
    });
    assert.ok(side, 'the two photos stand side by side');
    await assertAccessible(page, '/moderation/e — a duplicate under review');
    await page.locator('a', { hasText: 'Retour à la modération' }).click();
    await page.waitForURL((u) => u.pathname === '/moderation' && u.searchParams.get('flag') === 'duplicate');
  } finally {
    await laptop.close();
    await admin.dispose();
  }
});
