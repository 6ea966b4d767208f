// The upload page on a network that drops: the phone's connection is cut in the middle of a photo
// (a TCP relay between the browser and the server closes every connection and refuses new ones
// for a few seconds, like a tram in a tunnel), then the page resumes from the byte the server
// holds (tus HEAD, then PATCH from that offset) instead of sending the photo again.
// Run through scripts/browser-tests.sh.

import assert from 'node:assert/strict';
import net from 'node:net';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';

import { BASE_URL, launch, loginByMagicLink, makeJpegs, newPhone, pollMyEntries, uniqueEmail } from './lib.mjs';

/** A TCP relay to the server that can cut every connection and refuse new ones for a while. */
function relay(target) {
  const sockets = new Set();
  let refusing = false;
  const server = net.createServer((phone) => {
    if (refusing) return phone.destroy();
    const upstream = net.connect(Number(target.port), target.hostname);
    const close = () => {
      phone.destroy();
      upstream.destroy();
      sockets.delete(phone);
      sockets.delete(upstream);
    };
    for (const s of [phone, upstream]) {
      sockets.add(s);
      s.on('error', close);
      s.on('close', close);
    }
    phone.pipe(upstream);
    upstream.pipe(phone);
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        cut(ms) {
          refusing = true;
          for (const s of sockets) s.destroy();
          setTimeout(() => (refusing = false), ms);
        },
        close() {
          server.close();
          for (const s of sockets) s.destroy();
        },
      }),
    ),
  );
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

test('a photo cut off mid-upload resumes where it stopped', { timeout: 180_000 }, async (t) => {
  const context = await newPhone(browser);
  const page = await context.newPage();
  const tunnel = await relay(new URL(BASE_URL));
  try {
    await loginByMagicLink(page, uniqueEmail('resume'), '/c/demo');
    // The session cookie belongs to the host, whatever the port: the page now goes through the relay.
    await page.goto(`${tunnel.url}/c/demo`);
    const form = page.locator('form[data-upload]');
    await form.waitFor({ state: 'visible', timeout: 5000 });

    // A large, noisy photo (hundreds of kB), so the cut falls in its middle.
    const [photo] = await makeJpegs(browser, 1, { width: 1600, height: 1200 });
    t.diagnostic(`photo: ${photo.buffer.length} bytes`);
    assert.ok(photo.buffer.length > 300_000, `the test photo is too small (${photo.buffer.length} bytes)`);
    await form.locator('#photo').setInputFiles([photo]);
    const item = page.locator('li.upload-item').first();
    await item.locator('input[name=title]').fill('Reprise après coupure');
    await item.locator('details.more summary').tap();
    await item.locator('textarea[name=description]').fill('Un quai de tram sous la pluie, photographié depuis la rame.');
    await form.locator('#credit_name').fill('Sam L.');
    const consent = form.locator('fieldset#consent');
    await consent.locator('#agree').check();
    await consent.locator('input[name=people][value=none]').check();
    await consent.locator('input[name=minor][value=no]').check();

    // Every PATCH the page sends, with the offset it starts from.
    const patches = [];
    page.on('request', (req) => {
      if (req.method() === 'PATCH') patches.push(Number(req.headers()['upload-offset']));
    });

    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const slow = { offline: false, latency: 100, downloadThroughput: 400 * 1024, uploadThroughput: 48 * 1024 };
    await cdp.send('Network.emulateNetworkConditions', slow);
    await form.locator('button[type=submit]').tap();

    // Cut the network once a good part of the photo is out, for a few seconds.
    const progress = () => item.locator('progress').evaluate((p) => p.value);
    const deadline = Date.now() + 60_000;
    while ((await progress()) < 40) {
      assert.ok(Date.now() < deadline, 'the upload never reached 40 %');
      await sleep(100);
    }
    tunnel.cut(4000);
    // The stalled connection is given up (the page's watchdog, 15 s without progress) and retried.
    const seen = [];
    const snapshot = () =>
      item.evaluate((li) => `${li.dataset.state} ${li.querySelector('progress').value}% «${li.querySelector('.upload-status').textContent}»`);
    for (let i = 0; ; i++) {
      const s = await snapshot();
      if (seen.at(-1) !== s) seen.push(s);
      if (s.startsWith('retrying')) break;
      assert.ok(i < 400, `the page never started retrying after the cut:\n  ${seen.join('\n  ')}`);
      await sleep(100);
    }
    const retrying = await item.locator('p.upload-status').textContent();
    t.diagnostic(`while offline: «${retrying}»`);
    await cdp.send('Network.emulateNetworkConditions', { ...slow, uploadThroughput: 400 * 1024 });

    await page.locator('li.upload-item[data-state=done]').waitFor({ timeout: 90_000 });
    t.diagnostic(`PATCH offsets: ${patches.join(', ')}`);
    assert.ok(patches.length >= 2, `expected a second PATCH after the cut, saw ${patches.length}`);
    assert.equal(patches[0], 0, 'the first PATCH starts at 0');
    const resumedAt = patches.at(-1);
    assert.ok(resumedAt > 0, `the resumed PATCH must start where the server stopped, not at 0 (offsets ${patches})`);
    assert.ok(resumedAt < photo.buffer.length, 'it resumed before the end');

    const entries = await pollMyEntries(page, (es) => es.some((e) => e.title === 'Reprise après coupure' && e.status === 'pending'));
    assert.ok(entries.some((e) => e.title === 'Reprise après coupure'), 'the entry is on /me');
  } finally {
    tunnel.close();
    await context.close();
  }
});
