// Without JavaScript the contest page is a plain form: one photo per submission. A refused form
// comes back with what was typed and the error tied to its field (aria-invalid, aria-describedby),
// accessible; a complete one is accepted. Run through scripts/browser-tests.sh.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { assertAccessible, launch, loginByMagicLink, makeJpegs, newPhone, uniqueEmail } from './lib.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('the plain form works without JavaScript and ties its errors to their fields', { timeout: 120_000 }, async () => {
  const context = await newPhone(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await loginByMagicLink(page, uniqueEmail('sans-js'), '/c/demo');
    if (new URL(page.url()).pathname !== '/c/demo') await page.goto('/c/demo');
    const form = page.locator('form[data-upload]');
    assert.equal(await form.locator('#photo').getAttribute('multiple'), null, 'one photo per plain submission');
    const [photo] = await makeJpegs(browser, 1);
    await form.locator('#photo').setInputFiles([photo]);
    // A new participant is asked once for the name their photos are credited with.
    await form.locator('#credit_name').fill('Léa M.');
    // The description is optional, behind « Ajouter une description » (a <details>, no script needed).
    await form.locator('details.more summary').click();
    await form.locator('#description').fill('Un bus de nuit sous les lampadaires, vu du trottoir.');
    // One tick for authorship, the rules and the rights listed beside it.
    await form.locator('#agree').check();
    await form.locator('#people-none').check();
    await form.locator('#minor-no').check();
    // No title: the browser's own check would stop this; the server must answer as clearly.
    await form.evaluate((f) => { f.noValidate = true; });
    await Promise.all([page.waitForLoadState('load'), form.locator('button[type=submit]').click()]);

    const error = page.locator('#form-error[role=alert]');
    await error.waitFor({ timeout: 10_000 });
    assert.match(await error.textContent(), /titre est obligatoire/);
    const title = page.locator('#title');
    assert.equal(await title.getAttribute('aria-invalid'), 'true');
    assert.equal(await title.getAttribute('aria-describedby'), 'form-error');
    assert.equal(await page.locator('#description').inputValue(), 'Un bus de nuit sous les lampadaires, vu du trottoir.');
    assert.ok(await page.locator('#agree').isChecked(), 'the declarations stay ticked');
    assert.ok(await page.locator('details.more').evaluate((d) => d.open), 'the description typed is shown, not folded away');
    assert.equal(await page.locator('#credit_name').inputValue(), 'Léa M.', 'the credit typed stays');
    // axe needs script: check the very same page in a context where script runs (the upload
    // script leaves a form shown again with an error as it is).
    const html = await page.content();
    const checker = await newPhone(browser);
    try {
      const p = await checker.newPage();
      await p.route('**/c/demo/entries-shown-again', (route) => route.fulfill({ body: html, contentType: 'text/html' }));
      await p.goto('/c/demo/entries-shown-again');
      assert.equal(await p.locator('#photo').getAttribute('multiple'), null, 'the script left the plain form alone');
      await assertAccessible(p, '/c/demo — plain form shown again with an error');
    } finally {
      await checker.close();
    }

    // Corrected, with the photo chosen again: accepted.
    await page.locator('#title').fill('Bus de nuit');
    await page.locator('#photo').setInputFiles([photo]);
    await Promise.all([page.waitForURL(/\/me\?sent=1/), page.locator('form[data-upload] button[type=submit]').click()]);
    assert.ok(await page.locator('tr[data-entry] .entry-title', { hasText: 'Bus de nuit' }).count(), 'the entry is on /me');
  } finally {
    await context.close();
  }
});

/** axe needs script: checks the page as this no-script browser got it, in a context where script runs. */
async function assertAccessibleAsShown(page, label) {
  const html = await page.content();
  const checker = await newPhone(browser);
  try {
    const p = await checker.newPage();
    await p.route('**/as-shown-without-script', (route) => route.fulfill({ body: html, contentType: 'text/html' }));
    await p.goto('/as-shown-without-script');
    await assertAccessible(p, label);
  } finally {
    await checker.close();
  }
}

test('a vote without JavaScript goes through a confirmation page, then thanks once and offers the next photo', { timeout: 120_000 }, async () => {
  const context = await newPhone(browser, { javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await loginByMagicLink(page, uniqueEmail('vote-sans-js'), '/c/demo/gallery');
    await page.goto('/c/demo/gallery');
    const card = page.locator('form.vote-inline').first();
    const action = await card.getAttribute('action');
    await Promise.all([page.waitForLoadState('load'), card.locator('button[type=submit]').click()]);
    assert.match(await page.locator('main h1').innerText(), /^Voter pour « .+ »$/);
    await assertAccessibleAsShown(page, 'vote confirmation (no JavaScript)');
    // Confirmed at once: too soon, said beside the button, the page kept.
    await Promise.all([page.waitForLoadState('load'), page.locator('main form button[type=submit]').click()]);
    assert.match(await page.locator('#pause-error[role=alert]').innerText(), /Patientez/);
    await assertAccessibleAsShown(page, 'vote confirmation, too soon');
    await page.waitForTimeout(3_500);
    await Promise.all([page.waitForURL(/\?voted=1$/), page.locator('main form button[type=submit]').click()]);
    assert.equal(new URL(page.url()).pathname, action.replace(/\/vote$/, ''));
    const text = await page.locator('main').innerText();
    assert.equal(text.match(/Merci/g)?.length, 1, 'one thank-you');
    assert.ok(await page.getByRole('link', { name: 'Photo suivante' }).isVisible(), 'the next photo is offered');
    await assertAccessibleAsShown(page, 'photo page after a vote (no JavaScript)');
  } finally {
    await context.close();
  }
});
