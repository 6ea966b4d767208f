// An iPhone's HEIC on the upload page: the browser cannot show it, so the server draws its
// thumbnail; the page reads its size from the file's boxes to warn that it is too small for a
// printed cover (without blocking), and sends it. Run through scripts/browser-tests.sh.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';

import { launch, loginByMagicLink, newPhone, uniqueEmail } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a HEIC is drawn by the server, sized from its boxes, warned about and sent', { timeout: 120_000 }, async () => {
  const context = await newPhone(browser);
  const page = await context.newPage();
  try {
    await loginByMagicLink(page, uniqueEmail('heic'), '/c/demo');
    if (new URL(page.url()).pathname !== '/c/demo') await page.goto('/c/demo');
    const form = page.locator('form[data-upload]');
    const heic = readFileSync(new URL('../fixtures/heic/irot-and-exif6.heic', import.meta.url));
    await form.locator('#photo').setInputFiles([{ name: 'IMG_0042.HEIC', mimeType: 'image/heic', buffer: heic }]);
    const item = page.locator('li.upload-item').first();
    const warning = item.locator('.upload-warning');
    await warning.waitFor({ state: 'visible', timeout: 5000 });
    assert.match(await warning.textContent(), /96 × 64/, 'the size read from the HEIC, turned by its irot');
    // The browser cannot draw a HEIC: the server draws its thumbnail, upright (turned by its irot).
    const img = item.locator('img.preview');
    await img.waitFor({ state: 'visible', timeout: 15_000 });
    const size = await img.evaluate((i) => new Promise((ok) => {
      const done = () => ok([i.naturalWidth, i.naturalHeight]);
      if (i.complete && i.naturalWidth) done(); else i.addEventListener('load', done, { once: true });
    }));
    assert.deepEqual(size, [96, 64], 'the thumbnail drawn by the server, upright as the warning reads it');
    await item.locator('input[name=title]').fill('Tram de nuit');
    await item.locator('details.more summary').tap();
    await item.locator('textarea[name=description]').fill('Un tram éclairé la nuit, photographié avec un iPhone.');
    await form.locator('#credit_name').fill('Théo R.');
    await form.locator('#agree').check();
    await form.locator('#people-none').check();
    await form.locator('#minor-no').check();
    await form.locator('button[type=submit]').tap();
    await page.locator('li.upload-item[data-state=done]').waitFor({ timeout: 30_000 });
  } finally {
    await context.close();
  }
});
