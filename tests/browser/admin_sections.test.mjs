// An administrator on a laptop (1366×900): a new edition copied from the demo contest, with a
// refusal said beside its field and what was typed kept; the look's own page refusing a colour
// too light the same way. axe-core finds no violation on any of these states. Run through
// scripts/browser-tests.sh.

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

test('an administrator copies a contest into a new edition and keeps the look readable', { timeout: 120_000 }, async () => {
  const laptop = await browser.newContext({ baseURL: BASE_URL, viewport: { width: 1366, height: 900 }, locale: 'fr-FR' });
  try {
    const page = await laptop.newPage();
    const { email, password } = await demoAdmin();
    await signInTeam(page, email, password);

    // From the contest's page to the copy form, filled with next year's dates.
    await page.goto('/admin/c/demo');
    await page.locator('a[href="/admin/c/demo/copy"]').click();
    await page.waitForURL((u) => u.pathname === '/admin/c/demo/copy');
    const next = String(new Date().getFullYear() + 1);
    assert.ok((await page.locator('#so').inputValue()).startsWith(next), 'dates a year later');
    await assertAccessible(page, '/admin/c/demo/copy — the form');

    // An address already taken: said beside the field, the title typed kept.
    await page.locator('#title').fill('Humeurs voyageuses, édition suivante');
    await page.locator('#slug').fill('demo');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action$="/copy"] button[type=submit]').click()]);
    await page.locator('#slug-error').waitFor();
    assert.match(await page.locator('#slug-error').innerText(), /déjà prise/);
    assert.equal(await page.locator('#title').inputValue(), 'Humeurs voyageuses, édition suivante');
    assert.equal(await page.locator('#slug').getAttribute('aria-invalid'), 'true');
    await assertAccessible(page, '/admin/c/demo/copy — an address taken');

    // A free address: the new edition's page, with the demo's categories and no photo.
    const slug = `suite-${Date.now().toString(36)}`;
    await page.locator('#slug').fill(slug);
    await Promise.all([page.waitForURL((u) => u.pathname === `/admin/c/${slug}`), page.locator('form[action$="/copy"] button[type=submit]').click()]);
    assert.match(await page.locator('h1').innerText(), /édition suivante/);
    const contest = await (await laptop.request.get(`/api/v1/contests/${slug}`)).json();
    const demo = await (await laptop.request.get('/api/v1/contests/demo')).json();
    assert.deepEqual(contest.categories.map((c) => c.name), demo.categories.map((c) => c.name));
    const gallery = await (await laptop.request.get(`/api/v1/contests/${slug}/gallery`)).json();
    assert.equal(gallery.entries.length, 0, 'no entry copied');

    // The look's own page: a colour too light is refused beside the field, as typed.
    await page.goto(`/admin/c/${slug}/look`);
    await page.locator('#accent').fill('#eeeeee');
    await Promise.all([page.waitForLoadState('load'), page.locator('form[action$="/theme"] button[type=submit]').click()]);
    await page.locator('#accent-error').waitFor();
    assert.match(await page.locator('#accent-error').innerText(), /trop claire/);
    assert.equal(await page.locator('#accent').inputValue(), '#eeeeee');
    await assertAccessible(page, '/admin/c/…/look — a colour refused');
  } finally {
    await laptop.close();
  }
});
