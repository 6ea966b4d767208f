// The public's path from a shared link: the gallery on a phone, a photo's page with its share
// card tags (Open Graph, Twitter) pointing at the 1200×630 image, then a vote: the page's script
// solves the proof of work and the vote is recorded. Run through scripts/browser-tests.sh.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import {
  approveAsDemoAdmin,
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

test('gallery → photo page with share card tags → vote with the proof of work', { timeout: 180_000 }, async () => {
  // A participant's photo, approved.
  const author = await newPhone(browser);
  let id;
  try {
    const p = await author.newPage();
    await loginByMagicLink(p, uniqueEmail('author'), '/');
    const [photo] = await makeJpegs(browser, 1);
    id = (await submitEntryByApi(author, { photo, title: 'Le tram au petit matin', description: 'Un tram sous la brume, quai désert.' })).id;
    // Approved once it is processed.
    for (let i = 0; ; i++) {
      const entry = await (await author.request.get(`/api/v1/entries/${id}`)).json();
      if (entry.status === 'pending') break;
      assert.ok(i < 120, `entry #${id} was never processed (${entry.status})`);
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    await author.close();
  }
  await approveAsDemoAdmin([id]);

  const phone = await newPhone(browser);
  try {
    const page = await phone.newPage();
    // A visitor from a social network: the gallery, then the photo.
    await page.goto('/c/demo/gallery?order=newest');
    await page.locator(`main a[href="/e/${id}"]`).first().click();
    await page.waitForURL(new RegExp(`/e/${id}$`));
    const meta = async (sel) => page.locator(sel).getAttribute('content');
    const image = await meta('meta[property="og:image"]');
    assert.match(image, /^https?:\/\/.+\/share\.jpg$/, 'an absolute address of the share image');
    assert.equal(await meta('meta[property="og:image:width"]'), '1200');
    assert.equal(await meta('meta[property="og:image:height"]'), '630');
    assert.equal(await meta('meta[property="og:title"]'), 'Le tram au petit matin · Partageons nos humeurs voyageuses', 'the card names the contest');
    assert.equal(await meta('meta[name="twitter:card"]'), 'summary_large_image');
    assert.match(await page.locator('link[rel="canonical"]').getAttribute('href'), new RegExp(`/e/${id}$`));
    const share = await page.request.get(new URL(image).pathname);
    assert.equal(share.status(), 200);
    assert.equal(share.headers()['content-type'], 'image/jpeg');
    const facebook = await page.locator('section.share a', { hasText: 'Facebook' }).getAttribute('href');
    assert.match(facebook, new RegExp(`^https://www\\.facebook\\.com/sharer/sharer\\.php\\?u=.+%2Fe%2F${id}$`));
    await assertAccessible(page, `/e/${id} (visitor)`);

    // Signing in to vote brings the voter back to the photo; the vote runs the proof of work.
    await page.locator('a', { hasText: 'Se connecter pour voter' }).click();
    await loginByMagicLink(page, uniqueEmail('voter'), `/e/${id}`);
    await page.goto(`/e/${id}`);
    const challenges = [];
    page.on('request', (r) => { if (r.url().endsWith('/api/v1/pow')) challenges.push(r.url()); });
    await Promise.all([
      page.waitForURL(new RegExp(`/e/${id}\\?voted=1$`), { timeout: 60_000 }),
      page.locator('form.vote button[type=submit]').click(),
    ]);
    assert.equal(challenges.length, 1, 'one challenge fetched and solved in the page');
    await page.locator('p.notice', { hasText: 'Merci, votre vote est enregistré' }).waitFor();
    assert.equal(await page.locator('p.notice', { hasText: 'Vous avez voté pour cette photo' }).count(), 0, 'one thank-you');
    assert.equal(await page.locator('form.vote').count(), 0, 'no second vote offered');
    await page.getByRole('link', { name: 'Photo suivante' }).waitFor();
    await assertAccessible(page, `/e/${id} (after voting)`);
  } finally {
    await phone.close();
  }
});
