// Staff put a winner on a cover with the crop editor (the frame dragged and zoomed, the
// resolution following it), save it, and download the winners package. Run through
// scripts/browser-tests.sh.

import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';

import {
  BASE_URL,
  adminApi,
  approveWhenProcessed,
  assertAccessible,
  createOpenContest,
  demoAdmin,
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

test('staff crop a winner onto a cover and download the package', { timeout: 180_000 }, async () => {
  const admin = await adminApi();
  const slug = `covers-${Date.now().toString(36)}`;
  await createOpenContest(admin, slug, 'Concours des couvertures');

  // One landscape photo, processed and approved.
  const author = await newPhone(browser);
  let id;
  let original;
  try {
    const p = await author.newPage();
    await loginByMagicLink(p, uniqueEmail('author'), '/');
    [original] = await makeJpegs(browser, 1, { width: 1600, height: 1200 });
    id = (await submitEntryByApi(author, { photo: original, slug, title: 'Le tram du matin', description: 'Une vue du réseau.' })).id;
    await approveWhenProcessed(author.request, admin, id);
  } finally {
    await author.close();
  }

  const desk = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1280, height: 900 }, locale: 'fr-FR', acceptDownloads: true });
  try {
    const page = await desk.newPage();
    const { email, password } = await demoAdmin();
    await page.goto('/login/team');
    await page.locator('#staff-email').fill(email);
    await page.locator('#password').fill(password);
    await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.locator('form[action="/login/password"] button').click()]);

    // From the ranking, "Attribuer" opens the editor on the suggested crop: the whole height of
    // the photo, 1200 × 154 / 216 = 855 pixels wide (A5 with 3 mm bleed: 154 × 216 mm).
    await page.goto(`/admin/c/${slug}`);
    await Promise.all([
      page.waitForURL(/\/crop\?/),
      page.locator(`form[action="/admin/c/${slug}/crop"]`).filter({ has: page.locator(`input[value="${id}"]`) }).locator('button').click(),
    ]);
    const frame = page.locator('#crop-frame');
    await frame.waitFor({ state: 'visible' });
    const value = async (sel) => Number(await page.locator(sel).inputValue());
    assert.ok(Math.abs((await value('#crop-h')) - 1200) <= 1, 'the whole height');
    assert.equal(await value('#crop-w'), 855);
    await assertAccessible(page, '/admin/c/…/crop — the crop editor');

    // Zoom in with the slider: the frame keeps the cover's shape, the resolution drops.
    const before = await page.locator('#crop-dpi').innerText();
    await page.locator('#crop-zoom').evaluate((el) => {
      el.value = '60';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    const w = await value('#crop-w');
    const h = await value('#crop-h');
    assert.ok(Math.abs(w - 513) <= 1, `zoomed width ${w}`);
    assert.ok(Math.abs(h - Math.round(w * 216 / 154)) <= 1, `height ${h} keeps the shape`);
    assert.notEqual(await page.locator('#crop-dpi').innerText(), before);
    assert.match(await page.locator('#crop-dpi').innerText(), /dpi — trop peu défini/);

    // Drag the frame to the left edge and up; it stops at the photo's edges.
    const box = await frame.boundingBox();
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(1, 1, { steps: 5 });
    await page.mouse.up();
    assert.equal(await value('#crop-x'), 0);
    assert.equal(await value('#crop-y'), 0);
    // Arrow keys move it right.
    await frame.focus();
    await page.keyboard.press('ArrowRight');
    const x = await value('#crop-x');
    assert.equal(x, 16);
    const saved = { x, y: 0, width: await value('#crop-w'), height: await value('#crop-h') };

    await Promise.all([page.waitForURL(new RegExp(`/admin/c/${slug}\\?cover=guide-t1`)), page.locator('.crop-form button[type=submit]').click()]);
    assert.match(await page.locator('#covers ~ ul').innerText(), /dpi/);
    const proposal = await ok(await admin.get(`/api/v1/contests/${slug}/covers/guide-t1/crop?entry=${id}`), 'proposal');
    assert.deepEqual(
      { x: proposal.current.x, y: proposal.current.y, width: proposal.current.width, height: proposal.current.height },
      saved,
    );

    // The package downloads from the admin page; its manifest carries the crop, and the original
    // is in it bit for bit (files are stored uncompressed).
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator(`a[href="/api/v1/contests/${slug}/export.zip"]`).click()]);
    const zip = await readFile(await download.path());
    assert.equal(zip.subarray(0, 2).toString(), 'PK');
    const text = zip.toString('latin1');
    const manifest = text.slice(text.indexOf('{\n  "contest"'), text.indexOf('\n}', text.indexOf('{\n  "contest"')) + 2);
    const cover = JSON.parse(Buffer.from(manifest, 'latin1').toString('utf8')).covers[0];
    assert.equal(cover.entry, id);
    assert.equal(cover.crop.x, saved.x);
    assert.equal(cover.crop.width, saved.width);
    assert.ok(cover.print_file.endsWith('-print.jpg'));
    assert.ok(zip.includes(original.buffer), 'the original is in the package bit for bit');

    // The covers' page: a mockup (a red title band, transparent below; A5 with bleed) uploaded
    // with the form is drawn over the winner's preview and over the crop editor's frame.
    const png = await page.evaluate(() => {
      const c = document.createElement('canvas');
      c.width = 770;
      c.height = 1080;
      const g = c.getContext('2d');
      g.fillStyle = '#ff0000';
      g.fillRect(0, 0, 770, 200);
      return c.toDataURL('image/png').split(',')[1];
    });
    await page.goto(`/admin/c/${slug}/covers`);
    await assertAccessible(page, '/admin/c/…/covers — the contact sheet');
    const card = page.locator('#slot-guide-t1');
    await card.locator('input[type=file]').setInputFiles({ name: 'mockup.png', mimeType: 'image/png', buffer: Buffer.from(png, 'base64') });
    await card.locator('input[name=safe_margin_mm]').fill('4');
    await Promise.all([page.waitForURL(/\/covers#slot-guide-t1/), card.locator('form[enctype] button').click()]);
    const preview = page.locator('#slot-guide-t1 img.cover-preview');
    await preview.waitFor();
    const red = await preview.evaluate(async (img) => {
      await img.decode();
      const c = document.createElement('canvas');
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext('2d');
      g.drawImage(img, 0, 0);
      const [r, gr, b] = g.getImageData(c.width / 2, 20, 1, 1).data;
      return r > 200 && gr < 60 && b < 60;
    });
    assert.ok(red, 'the mockup band is over the preview');
    await page.goto(`/admin/c/${slug}/crop?slot=guide-t1&entry_id=${id}`);
    await page.locator('#crop-frame').waitFor({ state: 'visible' });
    assert.ok(await page.locator('#crop-frame img.crop-mockup').isVisible(), 'the mockup over the frame');
    assert.match(await page.locator('#crop-safe').evaluate((el) => el.style.left), /%$/);
    const sheet = await admin.get(`/api/v1/contests/${slug}/covers/contact-sheet.pdf`);
    assert.equal(sheet.headers()['content-type'], 'application/pdf');
    assert.equal((await sheet.body()).subarray(0, 5).toString(), '%PDF-');
  } finally {
    await desk.close();
  }
});
