// A juror on a tablet: ten photos scored with the keyboard, one at a time, every mark saved at
// once with a visible confirmation, one score changed, progress shown, the cover preview and a
// swipe; the pages stay blind and accessible. Run through scripts/browser-tests.sh.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { dirname } from 'node:path';
import { after, before, test } from 'node:test';

import {
  BASE_URL,
  DATA_DIR,
  adminApi,
  approveWhenProcessed,
  assertAccessible,
  createOpenContest,
  launch,
  loginByMagicLink,
  makeJpegs,
  newPhone,
  ok,
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

const PASSWORD = 'a juror password long enough';

/** Creates a jury account with the server's own CLI, on the test server's database. */
function addJuror(email) {
  const env = { ...process.env, DECLIC_DATA_DIR: DATA_DIR };
  for (const k of Object.keys(env)) {
    if ((k.startsWith('DECLIC_') && k !== 'DECLIC_DATA_DIR') || k === 'DATABASE_URL' || k === 'STORAGE_URL') delete env[k];
  }
  execFileSync(process.env.DECLIC_SERVER_BIN, ['user', 'add', '--email', email, '--role', 'jury', '--password-stdin'], {
    input: PASSWORD,
    env,
    cwd: dirname(DATA_DIR),
  });
}

test('a juror scores ten photos on a tablet with the keyboard, changes one and sees progress', { timeout: 240_000 }, async () => {
  const admin = await adminApi();
  const slug = `jury-${Date.now().toString(36)}`;
  const t = (d) => new Date(Date.now() + d * 1000).toISOString();
  await createOpenContest(admin, slug, 'Concours du jury');

  // Ten photos by one author, processed and approved.
  const authorEmail = uniqueEmail('author');
  const author = await newPhone(browser);
  const ids = [];
  try {
    const p = await author.newPage();
    await loginByMagicLink(p, authorEmail, '/');
    for (const [i, photo] of (await makeJpegs(browser, 10)).entries()) {
      ids.push((await submitEntryByApi(author, { photo, slug, title: `Photo ${i + 1}`, description: `Une vue du réseau, numéro ${i + 1}.` })).id);
    }
    for (const id of ids) await approveWhenProcessed(author.request, admin, id);
  } finally {
    await author.close();
  }

  // Two weighted criteria and a scoring round with one juror.
  const jurorEmail = uniqueEmail('juror');
  addJuror(jurorEmail);
  const criteria = await ok(
    await admin.put(`/api/v1/contests/${slug}/criteria`, { data: [{ name: 'Respect du thème', weight: 2 }, { name: 'Tient en couverture', weight: 1 }] }),
    'criteria',
  );
  const round = await ok(
    await admin.post(`/api/v1/contests/${slug}/rounds`, {
      data: { name: 'Finale', method: 'criteria', quorum: 1, opens_at: t(-60), closes_at: t(86_400), jurors: [jurorEmail] },
    }),
    'creating the round',
  );
  await ok(await admin.post(`/api/v1/rounds/${round.id}/open`), 'starting the round');

  const tablet = await browser.newContext({
    baseURL: BASE_URL,
    viewport: { width: 820, height: 1180 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
  });
  try {
    const page = await tablet.newPage();
    await page.goto('/login/team');
    await page.locator('#staff-email').fill(jurorEmail);
    await page.locator('#password').fill(PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.locator('form[action="/login/password"] button').click()]);

    await page.goto('/jury');
    await page.locator(`a[href="/jury/r/${round.id}"]`).click();
    await page.waitForURL(new RegExp(`/jury/r/${round.id}$`));
    assert.match(await page.locator('#progress').innerText(), /0 photo notée sur 10/);
    await assertAccessible(page, '/jury/r — the round');
    await page.locator('a.button', { hasText: 'Reprendre' }).click();
    await page.waitForURL(new RegExp(`/jury/r/${round.id}/1$`));
    await assertAccessible(page, '/jury/r/…/1 — one photo');

    // Portrait: the photo and every mark fit on the screen; nothing to scroll to mark.
    const fits = () =>
      page.evaluate(() => {
        const submit = document.querySelector('.jury-marks button[type=submit]').getBoundingClientRect();
        const photo = document.querySelector('#jury-frame img').getBoundingClientRect();
        const marks = document.querySelector('.jury-marks').getBoundingClientRect();
        return {
          scrolled: window.scrollY,
          bottom: Math.round(submit.bottom),
          height: window.innerHeight,
          sideBySide: marks.left >= photo.right - 1 && marks.top < photo.bottom,
        };
      });
    let fit = await fits();
    assert.ok(fit.scrolled === 0 && fit.bottom <= fit.height, `portrait: the save button at ${fit.bottom} of ${fit.height}`);
    // Landscape: the marks beside the photo, still without scrolling.
    await page.setViewportSize({ width: 1180, height: 820 });
    fit = await fits();
    assert.ok(fit.sideBySide, 'landscape: the marks stand beside the photo');
    assert.ok(fit.scrolled === 0 && fit.bottom <= fit.height, `landscape: the save button at ${fit.bottom} of ${fit.height}`);
    await assertAccessible(page, '/jury/r/…/1 — landscape');
    await page.setViewportSize({ width: 820, height: 1180 });

    // Blind: nothing of the author on the page.
    const html = await page.content();
    assert.ok(!html.includes(authorEmail) && !html.includes(authorEmail.split('@')[0]), 'the author is not named');

    // Ten photos: two digits each (one per criterion), saved at once, then → for the next.
    for (let n = 1; n <= 10; n++) {
      await page.waitForURL(new RegExp(`/jury/r/${round.id}/${n}$`));
      const first = 1 + (n % 9);
      await page.keyboard.press(String(first));
      await page.keyboard.press('6');
      await page.locator('#jury-status', { hasText: 'Enregistré' }).waitFor();
      await page.waitForFunction((n) => document.getElementById('jury-progress').textContent.startsWith(`${n} `), n);
      assert.equal(await page.locator(`input[name="score-${criteria[0].id}"]:checked`).getAttribute('value'), String(first));
      assert.equal(await page.locator(`input[name="score-${criteria[1].id}"]:checked`).getAttribute('value'), '6');
      if (n < 10) await page.keyboard.press('ArrowRight');
    }
    assert.equal(await page.locator('#jury-progress').innerText(), '10 photos notées sur 10');

    // Back to the third photo: change its first score.
    await page.keyboard.press('ArrowLeft');
    await page.waitForURL(new RegExp(`/jury/r/${round.id}/9$`));
    await page.goto(`/jury/r/${round.id}/3`);
    await page.keyboard.press('0');
    await page.locator('#jury-status', { hasText: 'Enregistré' }).waitFor();
    const sheet = await (await page.request.get(`/api/v1/rounds/${round.id}/sheet`)).json();
    const third = sheet.items.find((i) => i.n === 3);
    assert.equal(third.scores.find((s) => s.criterion_id === criteria[0].id).score, 10, 'the changed score is saved');
    assert.equal(sheet.round.done, 10);

    // "See it on the cover": the photo cropped to the guide's format.
    await page.keyboard.press('c');
    assert.equal(await page.locator('#cover-toggle').getAttribute('aria-pressed'), 'true');
    const box = await page.locator('#jury-frame .crop').boundingBox();
    assert.ok(Math.abs(box.width / box.height - 148 / 210) < 0.02, `cover format ${box.width}×${box.height}`);
    await page.locator('#cover-toggle').click();
    assert.equal(await page.locator('#cover-toggle').getAttribute('aria-pressed'), 'false');

    // A swipe to the left shows the next photo.
    await page.evaluate(() => {
      const root = document.querySelector('.jury-photo');
      const touch = (x) => new Touch({ identifier: 1, target: root, clientX: x, clientY: 400 });
      root.dispatchEvent(new TouchEvent('touchstart', { changedTouches: [touch(600)], bubbles: true }));
      root.dispatchEvent(new TouchEvent('touchend', { changedTouches: [touch(200)], bubbles: true }));
    });
    await page.waitForURL(new RegExp(`/jury/r/${round.id}/4$`));

    // The overview shows every photo marked.
    await page.goto(`/jury/r/${round.id}`);
    assert.equal(await page.locator('.jury-grid li.done').count(), 10);
    // « Terminé »: the juror is told they are done, and until when marks may change.
    assert.match(await page.locator('.jury-finished').innerText(), /Terminé[\s\S]*les 10 photos de ce tour[\s\S]*jusqu’au|Terminé[\s\S]*les 10 photos de ce tour[\s\S]*jusqu'au/);
    assert.equal((await page.evaluate(() => document.body.innerText)).match(/\b20\d\d-\d\d-\d\d/), null, 'no ISO date');
    await assertAccessible(page, '/jury/r — finished');
  } finally {
    await tablet.close();
    await admin.dispose();
  }
});
