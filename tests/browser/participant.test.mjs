// The participant's phone experience in headless Chromium: magic-link login, sending three photos
// from the contest page, following them on "Mes photos", withdrawing one, and axe-core (WCAG 2.1
// A/AA) on every page a participant sees. Run through scripts/browser-tests.sh.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

import {
  approveAsDemoAdmin,
  assertAccessible,
  launch,
  loginByMagicLink,
  loginCodeFor,
  makeJpegs,
  newPhone,
  pollMyEntries,
  readMyEntries,
  submitEntryByApi,
  uniqueEmail,
} from './lib.mjs';

const TEST_TIMEOUT = 120_000;
const RUN = Date.now().toString(36).slice(-5);

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Opens a phone context and page, runs `fn`, always closes the context. */
async function withPhone(fn) {
  const context = await newPhone(browser);
  const page = await context.newPage();
  try {
    return await fn({ context, page });
  } finally {
    await context.close();
  }
}

/** Polls `fn` until it returns a truthy value; fails with `message()` after `timeout` ms. */
async function waitUntil(fn, { timeout = 10_000, interval = 100, message }) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(typeof message === 'function' ? await message() : message);
    await sleep(interval);
  }
}

/** Three entries created through the JSON API (the contest page's form is being rewritten). */
async function sendThreeByApi(context, tag) {
  const photos = await makeJpegs(browser, 3);
  const sent = [];
  for (const [i, photo] of photos.entries()) {
    const title = `${tag} ${RUN} n°${i + 1}`;
    const r = await submitEntryByApi(context, {
      photo,
      title,
      description: `Photo de test ${i + 1} : un dégradé coloré avec des disques, vu depuis le tram.`,
    });
    sent.push({ id: r.id, title });
  }
  return sent;
}

// ---------------------------------------------------------------------------------------------

describe('participant on a phone', () => {
  test('logs in with the magic link from the outbox', { timeout: TEST_TIMEOUT }, async () => {
    await withPhone(async ({ page }) => {
      const email = uniqueEmail('login');
      await page.goto('/');
      await assert.doesNotReject(
        page.locator('header a[href="/login"]').waitFor({ state: 'visible', timeout: 5000 }),
        'a visitor should see a "Se connecter" link to /login in the header',
      );
      const link = await loginByMagicLink(page, email, '/me');
      assert.match(link, /\/auth\/verify\?/);
      assert.equal(new URL(page.url()).pathname, '/me', `after the link, expected to land on /me, got ${page.url()}`);
      await page.locator('header a[href="/me"]').waitFor({ state: 'visible' });
      await page.locator('header details.menu summary').click();
      assert.match(await page.locator('header').innerText(), new RegExp(email.replace(/[.+]/g, '\\$&'), 'i'));
      assert.equal((await page.locator('main h1').innerText()).trim(), 'Mes photos');
      // The link is single-use: opening it again must not log in a fresh browser.
      const other = await newPhone(browser);
      try {
        const p2 = await other.newPage();
        await p2.goto(link);
        assert.equal(await p2.locator('header a[href="/me"]').count(), 0, 'a magic link must not work twice');
      } finally {
        await other.close();
      }
    });
  });

  test('signs in with the 6-digit code typed on the page (the link would open elsewhere)', { timeout: TEST_TIMEOUT }, async () => {
    await withPhone(async ({ page }) => {
      const email = uniqueEmail('code');
      const since = Date.now();
      await page.goto('/login?next=%2Fc%2Fdemo');
      assert.equal(await page.locator('input[type=password]').count(), 0, 'the first sign-in page asks no password');
      await page.locator('a[href^="/login/team"]').waitFor({ state: 'visible' });
      await page.locator('#email').fill(email);
      await Promise.all([page.waitForURL(/\/login\/code/), page.locator('form[action="/login/magic-link"] button').tap()]);
      assert.match(await page.locator('[role=status]').innerText(), new RegExp(email.replace(/[.+]/g, '\\$&')));
      await assertAccessible(page, '/login/code (asking the code)');
      const code = await loginCodeFor(email, since);
      // A typo first: said beside the field, what was typed kept.
      const wrong = String((Number(code.replace(' ', '')) + 1) % 1_000_000).padStart(6, '0');
      await page.locator('#code').fill(wrong);
      await Promise.all([page.waitForLoadState('load'), page.locator('form[action="/login/code"] button').tap()]);
      await page.locator('#code-error').waitFor({ state: 'visible' });
      assert.equal(await page.locator('#code').inputValue(), wrong);
      assert.equal(await page.locator('#code').getAttribute('aria-invalid'), 'true');
      await assertAccessible(page, '/login/code (a wrong code)');
      await page.locator('#code').fill(code);
      await Promise.all([page.waitForURL((u) => u.pathname === '/c/demo'), page.locator('form[action="/login/code"] button').tap()]);
      await page.locator('header a[href="/me"]').waitFor({ state: 'visible' });
    });
  });

  test('sends three photos from /c/demo with progress, consent once, all done', { timeout: 180_000 }, async (t) => {
    await withPhone(async ({ context, page }) => {
      const problems = [];
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && problems.push(`console error: ${m.text()}`));
      const withProblems = (msg) => (problems.length ? `${msg}\nBrowser errors:\n  ${problems.join('\n  ')}` : msg);

      await loginByMagicLink(page, uniqueEmail('upload'), '/c/demo');
      if (new URL(page.url()).pathname !== '/c/demo') await page.goto('/c/demo');

      const form = page.locator('form[data-upload]');
      await form.waitFor({ state: 'visible', timeout: 5000 });
      const input = form.locator('#photo');
      await waitUntil(async () => (await input.getAttribute('multiple')) !== null, {
        timeout: 5000,
        message: () => withProblems('#photo never got the `multiple` attribute: the upload script did not enhance the form'),
      });

      // Two JPEGs and an iPhone's HEIC, picked at once.
      const heic = readFileSync(new URL('../fixtures/heic/irot-and-exif6.heic', import.meta.url));
      const photos = [...(await makeJpegs(browser, 2)), { name: 'IMG_0042.HEIC', mimeType: 'image/heic', buffer: heic }];
      const addButton = form.locator('button.add-photos');
      assert.match(await addButton.innerText(), /Ajouter des photos/);
      const box = await addButton.boundingBox();
      assert.ok(box.width >= 300 && box.height >= 48, `« Ajouter des photos » is a large button, got ${box.width}×${box.height}`);
      await input.setInputFiles(photos);
      assert.match(await addButton.innerText(), /Ajouter d.autres photos/);

      const items = page.locator('ol#upload-list li.upload-item');
      await waitUntil(async () => (await items.count()) === 3, {
        timeout: 5000,
        message: async () =>
          withProblems(`expected 3 li.upload-item in ol#upload-list after choosing 3 files, found ${await items.count()}`),
      });

      for (let i = 0; i < 3; i++) {
        const item = items.nth(i);
        for (const part of ['img', 'input[name=title]', 'textarea[name=description]', 'progress', 'button.cancel', 'p.upload-status']) {
          assert.equal(await item.locator(part).count(), 1, `upload item ${i + 1} should contain one ${part}`);
        }
        assert.equal(await item.locator('p.upload-status').getAttribute('role'), 'status', `item ${i + 1}: p.upload-status needs role=status`);
        await waitUntil(() => item.locator('img').evaluate((img) => !img.hidden && img.complete && img.naturalWidth > 0), {
          timeout: 15_000,
          message: `item ${i + 1}: its thumbnail did not show (the HEIC's is drawn by the server)`,
        });
        // The title is the only text asked; the description (alt text) is optional.
        assert.equal(await item.locator('textarea[name=description]').isVisible(), false, 'the description waits behind « Ajouter une description »');
        await item.locator('input[name=title]').fill(`Envoi ${RUN} n°${i + 1}`);
        // A category select, when there is one, keeps its default; the place stays empty.
      }
      await items.nth(0).locator('details.more summary').tap();
      await items.nth(0).locator('textarea[name=description]').fill(`Photo 1 du test : dégradé coloré, disques et texte blanc.`);
      // axe's own injection attempt is refused by the CSP (then evaluated another way): not the page's error.
      const seen = problems.length;
      await assertAccessible(page, '/c/demo with three photos picked');
      problems.splice(seen);
      await page.screenshot({ path: `${process.env.DECLIC_SHOTS || '/tmp'}/upload-picked.png`, fullPage: true });

      // A new participant is asked once for the name credited under their photos.
      await form.locator('#credit_name').fill('Camille B.');
      // Consent once for the batch: one tick for authorship, the rules and the rights listed.
      const consent = form.locator('fieldset#consent');
      await consent.waitFor({ state: 'visible', timeout: 2000 });
      assert.ok((await consent.locator('ul.rights li').count()) >= 1, 'the rights granted are listed beside the one tick');
      await consent.locator('#agree').check();
      await consent.locator('input[name=people][value=none]').check();
      const minorRadios = consent.locator('input[name=minor][type=radio]');
      if ((await minorRadios.count()) === 0) {
        t.diagnostic('no input[name=minor] radios in fieldset#consent (contest without an age threshold?)');
      } else {
        await consent.locator('input[name=minor][value=yes]').check();
        await form.locator('#guardian_name').waitFor({ state: 'visible', timeout: 2000 });
        await form.locator('#guardian_consent').waitFor({ state: 'visible', timeout: 2000 });
        await consent.locator('input[name=minor][value=no]').check();
        await form.locator('#guardian_name').waitFor({ state: 'hidden', timeout: 2000 });
      }

      // Record every data-state change and the progress bars while the batch goes out.
      await page.evaluate(() => {
        const list = document.querySelector('ol#upload-list');
        const recs = (window.__uploadRecs = []);
        const recOf = (li) => {
          if (!li.__rec) {
            li.__rec = { states: [], maxRatio: 0, progressShown: false, statuses: [] };
            recs.push(li.__rec);
          }
          return li.__rec;
        };
        const push = (arr, v) => v != null && arr[arr.length - 1] !== v && arr.push(v);
        const sample = () => {
          for (const li of list.querySelectorAll('li.upload-item')) {
            const r = recOf(li);
            push(r.states, li.getAttribute('data-state'));
            const p = li.querySelector('progress');
            if (p) {
              if (p.hasAttribute('value') && p.max > 0) r.maxRatio = Math.max(r.maxRatio, p.value / p.max);
              const cs = getComputedStyle(p);
              if (!p.hidden && p.getClientRects().length && cs.visibility !== 'hidden' && cs.display !== 'none') r.progressShown = true;
            }
            push(r.statuses, (li.querySelector('p.upload-status')?.textContent || '').trim() || null);
          }
        };
        for (const li of list.querySelectorAll('li.upload-item')) push(recOf(li).states, li.getAttribute('data-state'));
        new MutationObserver((records) => {
          for (const m of records) {
            if (m.type !== 'attributes') continue;
            const li = m.target.closest && m.target.closest('li.upload-item');
            if (!li) continue;
            const r = recOf(li);
            if (m.attributeName === 'data-state' && m.target === li) push(r.states, m.oldValue);
            if (m.attributeName === 'value' && m.target.localName === 'progress' && m.oldValue && m.target.max > 0) {
              r.maxRatio = Math.max(r.maxRatio, Number(m.oldValue) / m.target.max);
            }
          }
          sample();
        }).observe(list, { subtree: true, childList: true, attributes: true, attributeOldValue: true, characterData: true });
        sample();
        window.__uploadTimer = setInterval(sample, 50);
      });

      // A weak mobile network, so the progress has something to show.
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: 150,
        downloadThroughput: 400 * 1024,
        uploadThroughput: 64 * 1024,
      });

      await form.locator('button[type=submit]').tap();

      const recs = () => page.evaluate(() => window.__uploadRecs).catch(() => null);
      const show = (r) =>
        (r || []).map((x, i) => `  item ${i + 1}: states ${x.states.join(' → ') || '(none)'}; progress max ${Math.round(x.maxRatio * 100)}%, shown ${x.progressShown}; status «${x.statuses.join(' | ')}»`).join('\n');
      let last;
      await waitUntil(
        async () => {
          const r = await recs();
          if (!r) return true; // the page navigated away (e.g. to /me): judged below
          last = r;
          return r.length === 3 && r.every((x) => ['done', 'error', 'cancelled'].includes(x.states.at(-1)));
        },
        { timeout: 90_000, interval: 250, message: () => withProblems(`the 3 uploads did not finish within 90 s:\n${show(last)}`) },
      );
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

      t.diagnostic(`upload items:\n${show(last)}`);
      assert.ok(last && last.length === 3, withProblems(`expected records for 3 items, got:\n${show(last)}`));
      const order = ['queued', 'uploading', 'done'];
      for (const [i, r] of last.entries()) {
        assert.equal(r.states.at(-1), 'done', withProblems(`item ${i + 1} did not end "done":\n${show(last)}`));
        assert.ok(r.states.includes('uploading'), `item ${i + 1} never went through data-state="uploading":\n${show(last)}`);
        const ranks = r.states.filter((s) => order.includes(s)).map((s) => order.indexOf(s));
        assert.deepEqual(ranks, [...ranks].sort(), `item ${i + 1}: data-state went backwards:\n${show(last)}`);
        assert.ok(r.progressShown, `item ${i + 1}: its progress bar was never visible:\n${show(last)}`);
        assert.ok(r.maxRatio >= 0.999, `item ${i + 1}: its progress never reached its max:\n${show(last)}`);
      }
      assert.deepEqual(problems, [], 'no script error or CSP violation during the upload');

      const titles = [1, 2, 3].map((i) => `Envoi ${RUN} n°${i}`);
      const mine = (entries) => entries.filter((e) => titles.includes(e.title));
      const entries = await pollMyEntries(page, (es) => mine(es).length === 3 && mine(es).every((e) => e.status === 'pending'));
      t.diagnostic(`/me read through ${entries[0]?.source}`);
      assert.deepEqual(mine(entries).map((e) => e.title).sort(), titles);
    });
  });
});

describe('Mes photos (entries sent through the JSON API)', () => {
  let context;
  let page;
  let sent = [];
  before(async () => {
    context = await newPhone(browser);
    page = await context.newPage();
    await loginByMagicLink(page, uniqueEmail('mes-photos'), '/me');
    sent = await sendThreeByApi(context, 'Retrait');
  });
  after(async () => {
    await context?.close();
  });

  test('lists the three entries, from processing to awaiting moderation', { timeout: TEST_TIMEOUT }, async () => {
    const ids = sent.map((s) => s.id);
    const entries = await pollMyEntries(
      page,
      (es) => ids.every((id) => es.some((e) => e.id === id && e.status === 'pending')),
      60_000,
    );
    assert.equal(entries.length, 3, `expected 3 entries on /me, found ${entries.length}`);
    for (const s of sent) {
      const e = entries.find((x) => x.id === s.id);
      assert.equal(e.title, s.title, `entry #${s.id} shows the title it was sent with`);
      assert.notEqual(e.status, 'processing');
    }
    // Once processed, each row shows its thumbnail with the description as alt text.
    const imgs = page.locator('main img');
    assert.equal(await imgs.count(), 3, 'each processed entry shows a thumbnail');
    for (let i = 0; i < 3; i++) assert.match((await imgs.nth(i).getAttribute('alt')) || '', /Photo de test/);
  });

  test('withdraws one entry through the confirmation page', { timeout: TEST_TIMEOUT }, async () => {
    const victim = sent[1];
    await pollMyEntries(page, (es) => es.some((e) => e.id === victim.id));
    const link = page.locator(`main a[href="/me/entries/${victim.id}/withdraw"]`);
    assert.equal(await link.count(), 1, `/me should have a withdraw link for entry #${victim.id}`);
    await Promise.all([page.waitForURL(`**/me/entries/${victim.id}/withdraw`), link.tap()]);
    assert.match(await page.locator('main h1').innerText(), new RegExp(victim.title), 'the confirmation names the photo');
    const button = page.locator(`form[action="/me/entries/${victim.id}/withdraw"] button[type=submit]`);
    assert.equal(await button.count(), 1, 'the confirmation page has one submit button in the withdraw form');
    await Promise.all([page.waitForURL(/\/me(\?.*)?$/), button.tap()]);
    await page.locator('main [role=status]').waitFor({ state: 'visible', timeout: 5000 });
    const entries = await readMyEntries(page);
    assert.equal(entries.length, 2, `after withdrawing, /me should list 2 entries, found ${entries.length}`);
    assert.ok(!entries.some((e) => e.id === victim.id), `entry #${victim.id} is gone from /me`);
    // It is gone for real: its confirmation page no longer exists.
    const res = await page.request.get(`/me/entries/${victim.id}/withdraw`);
    assert.equal(res.status(), 404, `GET /me/entries/${victim.id}/withdraw after withdrawal: ${res.status()}`);
  });
});

// ---------------------------------------------------------------------------------------------

describe('accessibility: axe-core, WCAG 2.1 A and AA', () => {
  for (const [path, label] of [
    ['/', 'home (visitor)'],
    ['/login', 'login'],
    ['/login/team', 'team access'],
    ['/login/code', 'code, asked without the e-mail'],
    ['/c/demo', 'contest page (visitor)'],
    ['/c/demo/gallery', 'gallery'],
  ]) {
    test(`${path} — ${label}`, { timeout: TEST_TIMEOUT }, async () => {
      await withPhone(async ({ page }) => {
        const res = await page.goto(path);
        assert.equal(res.status(), 200, `GET ${path}: ${res.status()}`);
        await assertAccessible(page, `${path} (${label})`);
      });
    });
  }

  test('/c/demo/rules — contest rules, when the page exists', { timeout: TEST_TIMEOUT }, async (t) => {
    await withPhone(async ({ page }) => {
      const res = await page.goto('/c/demo/rules');
      if (res.status() === 404) {
        t.diagnostic('no /c/demo/rules page on this server (404): the rules are on /c/demo, checked there');
        return;
      }
      assert.equal(res.status(), 200, `GET /c/demo/rules: ${res.status()}`);
      await assertAccessible(page, '/c/demo/rules');
    });
  });

  describe('logged-in participant', () => {
    let context;
    let page;
    let sent = [];
    before(async () => {
      context = await newPhone(browser);
      page = await context.newPage();
      await loginByMagicLink(page, uniqueEmail('a11y'), '/me');
      sent = await sendThreeByApi(context, 'Accessible');
    });
    after(async () => {
      await context?.close();
    });

    test('/ — home (participant)', { timeout: TEST_TIMEOUT }, async () => {
      await page.goto('/');
      await assertAccessible(page, '/ (logged in)');
    });

    test('/c/demo — contest page with the upload form', { timeout: TEST_TIMEOUT }, async () => {
      await page.goto('/c/demo');
      await page.locator('form[data-upload]').waitFor({ state: 'attached', timeout: 5000 });
      await assertAccessible(page, '/c/demo (logged in, upload form)');
    });

    test('/me — Mes photos, with entries processed', { timeout: TEST_TIMEOUT }, async () => {
      const ids = sent.map((s) => s.id);
      await pollMyEntries(page, (es) => ids.every((id) => es.some((e) => e.id === id && e.status === 'pending')));
      await assertAccessible(page, '/me (3 entries awaiting moderation)');
    });

    test('/me/entries/{id}/withdraw — withdrawal confirmation', { timeout: TEST_TIMEOUT }, async () => {
      const res = await page.goto(`/me/entries/${sent[0].id}/withdraw`);
      assert.equal(res.status(), 200);
      await assertAccessible(page, `/me/entries/${sent[0].id}/withdraw`);
    });

    test('/c/demo — upload form with three items rendered and the guardian fields shown', { timeout: TEST_TIMEOUT }, async () => {
      await page.goto('/c/demo');
      await page.locator('form[data-upload] #photo').setInputFiles(await makeJpegs(browser, 3));
      const items = page.locator('ol#upload-list li.upload-item');
      await waitUntil(async () => (await items.count()) === 3, {
        timeout: 5000,
        message: async () => `the upload page rendered ${await items.count()} li.upload-item for 3 files (expected 3): the new upload page is not there yet`,
      });
      // A participant who already sent photos here sees their last consent, the other answers
      // folded under « Vérifier ou changer mes autres réponses »: unfold them.
      const answers = page.locator('fieldset#consent details.answers');
      if (await answers.count()) {
        assert.ok(await page.locator('fieldset#consent .remembered').isVisible(), 'the last consent is shown');
        await answers.locator('summary').tap();
      }
      const minorYes = page.locator('fieldset#consent input[name=minor][value=yes]');
      if (await minorYes.count()) await minorYes.check();
      await assertAccessible(page, '/c/demo (3 upload items rendered, minor = yes)');
    });
  });

  describe('pages showing approved photos', () => {
    let context;
    let page;
    let sent = [];
    before(async () => {
      context = await newPhone(browser);
      page = await context.newPage();
      await loginByMagicLink(page, uniqueEmail('galerie'), '/me');
      sent = await sendThreeByApi(context, 'Galerie');
      const ids = sent.map((s) => s.id);
      await pollMyEntries(page, (es) => ids.every((id) => es.some((e) => e.id === id && e.status === 'pending')));
      await approveAsDemoAdmin(ids);
    });
    after(async () => {
      await context?.close();
    });

    test('/c/demo/gallery — with photos, as a visitor', { timeout: TEST_TIMEOUT }, async () => {
      await withPhone(async ({ page: visitor }) => {
        await visitor.goto('/c/demo/gallery');
        for (const s of sent) {
          assert.ok((await visitor.locator(`main a[href="/e/${s.id}"]`).count()) >= 1, `the gallery links to approved entry #${s.id}`);
        }
        await assertAccessible(visitor, '/c/demo/gallery (3 approved photos, visitor)');
      });
    });

    test('/c/demo/gallery — with photos, as the participant', { timeout: TEST_TIMEOUT }, async () => {
      await page.goto('/c/demo/gallery');
      await assertAccessible(page, '/c/demo/gallery (3 approved photos, logged in)');
    });

    test('/e/{id} — an approved entry, as the participant', { timeout: TEST_TIMEOUT }, async () => {
      const res = await page.goto(`/e/${sent[0].id}`);
      assert.equal(res.status(), 200, `GET /e/${sent[0].id}: ${res.status()}`);
      await assertAccessible(page, `/e/${sent[0].id} (approved entry, logged in)`);
    });

    test('/me — with approved entries', { timeout: TEST_TIMEOUT }, async () => {
      const ids = sent.map((s) => s.id);
      await pollMyEntries(page, (es) => ids.every((id) => es.some((e) => e.id === id && e.status === 'approved')), 10_000);
      await assertAccessible(page, '/me (3 approved entries)');
    });
  });
});
