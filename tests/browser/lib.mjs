// Helpers for Déclic's browser tests: Debian's Chromium driven by playwright-core, a phone
// context, login through the magic link in the email outbox, JPEGs drawn at test time, axe-core.
//
// Environment (set by scripts/browser-tests.sh):
//   DECLIC_URL     the server under test, e.g. http://127.0.0.1:41234
//   DECLIC_OUTBOX  the folder where the server writes its emails as .eml files
//   DECLIC_DATA_DIR  the server's data directory (demo-admin.txt: used to approve entries)
//   CHROMIUM       optional, the browser executable (default /usr/bin/chromium)

import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, request as apiRequest } from 'playwright-core';

const require = createRequire(import.meta.url);

function required(name) {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set: run the suite through scripts/browser-tests.sh`);
  return v;
}

export const BASE_URL = required('DECLIC_URL').replace(/\/+$/, '');
export const OUTBOX = required('DECLIC_OUTBOX');
export const DATA_DIR = process.env.DECLIC_DATA_DIR || '';
export const AXE_PATH = require.resolve('axe-core/axe.min.js');
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Starts the system Chromium (never a downloaded one). */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    // Containers often run as root without a user namespace sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

/** A phone-sized, touch, French context (a participant on a mid-range Android phone). */
export function newPhone(browser, options = {}) {
  return browser.newContext({
    ...options,
    baseURL: BASE_URL,
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 3,
    isMobile: true,
    hasTouch: true,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    userAgent:
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36',
  });
}

/** A fresh address per call, so tests never share an account (nor its rate limit). */
let counter = 0;
export function uniqueEmail(tag) {
  counter += 1;
  return `${tag}-${process.pid}-${Date.now().toString(36)}-${counter}@example.test`;
}

// ---------------------------------------------------------------------------------------------
// Email outbox

function decodeQuotedPrintable(text) {
  const bytes = [];
  const soft = text.replace(/=\r?\n/g, '');
  for (let i = 0; i < soft.length; i++) {
    const c = soft[i];
    if (c === '=' && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      bytes.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(c, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Splits an .eml file into unfolded headers (lowercase names) and its decoded text body. */
export function parseEml(raw) {
  const text = raw.replace(/\r\n/g, '\n');
  const cut = text.indexOf('\n\n');
  const head = cut === -1 ? text : text.slice(0, cut);
  let body = cut === -1 ? '' : text.slice(cut + 2);
  const headers = {};
  for (const line of head.replace(/\n[ \t]+/g, ' ').split('\n')) {
    const i = line.indexOf(':');
    if (i > 0) headers[line.slice(0, i).trim().toLowerCase()] = line.slice(i + 1).trim();
  }
  const cte = (headers['content-transfer-encoding'] || '').toLowerCase();
  if (cte === 'quoted-printable') body = decodeQuotedPrintable(body);
  else if (cte === 'base64') body = Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  return { headers, body };
}

/** Waits for the newest email to `to` written after `since` (ms) and returns the magic link in it. */
export async function magicLinkFor(to, since, timeoutMs = 15_000) {
  return signInMailPart(to, since, timeoutMs, /https?:\/\/[^\s"'<>]+\/auth\/verify\?[^\s"'<>]+/, 'an /auth/verify link');
}

/** Waits for the newest email to `to` written after `since` (ms) and returns its 6-digit code (« 123 456 »). */
export async function loginCodeFor(to, since, timeoutMs = 15_000) {
  return signInMailPart(to, since, timeoutMs, /^\s*(\d{3} \d{3})\s*$/m, 'a 6-digit code');
}

async function signInMailPart(to, since, timeoutMs, pattern, what) {
  const deadline = Date.now() + timeoutMs;
  let seen = 0;
  while (Date.now() < deadline) {
    let names = [];
    try {
      names = (await readdir(OUTBOX)).filter((n) => n.endsWith('.eml'));
    } catch (e) {
      if (e.code !== 'ENOENT') throw e;
    }
    seen = names.length;
    const candidates = [];
    for (const name of names) {
      const path = join(OUTBOX, name);
      const st = await stat(path);
      if (st.mtimeMs + 1000 < since) continue; // older than this login (1 s of clock slack)
      const mail = parseEml(await readFile(path, 'utf8'));
      if (!(mail.headers.to || '').toLowerCase().includes(to.toLowerCase())) continue;
      candidates.push({ mtime: st.mtimeMs, mail, name });
    }
    candidates.sort((a, b) => b.mtime - a.mtime);
    for (const { mail, name } of candidates) {
      const m = mail.body.match(pattern);
      if (m) return m[1] || m[0];
      throw new Error(`email ${name} to ${to} has no ${what}:\n${mail.body}`);
    }
    await sleep(200);
  }
  throw new Error(`no email to ${to} in ${OUTBOX} after ${timeoutMs} ms (${seen} .eml files there)`);
}

// ---------------------------------------------------------------------------------------------
// Login

/** Logs in through /login and the emailed link; ends on `next` (default /me) with the header link to /me. */
export async function loginByMagicLink(page, email, next = '/me') {
  const since = Date.now();
  await page.goto(`/login?next=${encodeURIComponent(next)}`);
  const form = page.locator('form[action="/login/magic-link"]');
  await form.locator('input[type=email]').fill(email);
  await Promise.all([page.waitForURL(/\/login\/code/), form.locator('button[type=submit]').click()]);
  const link = await magicLinkFor(email, since);
  if (!link.startsWith(BASE_URL + '/')) {
    throw new Error(`the magic link ${link} does not point at the server under test ${BASE_URL}`);
  }
  await page.goto(link);
  await page.locator('header a[href="/me"]').waitFor({ state: 'visible', timeout: 10_000 });
  return link;
}

// ---------------------------------------------------------------------------------------------
// Photos

/**
 * Draws `n` distinct JPEGs (gradient, shapes, some noise; 480×360 by default) with the
 * browser's canvas, in a throwaway page, and returns them in the shape `setInputFiles` and
 * `APIRequestContext.multipart` take: { name, mimeType, buffer }.
 */
export async function makeJpegs(browser, n, { width = 480, height = 360 } = {}) {
  const ctx = await browser.newContext();
  try {
    const page = await ctx.newPage();
    const dataUrls = await page.evaluate(
      ({ n, width, height, seed }) => {
        const out = [];
        let s = seed >>> 0;
        const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
        for (let i = 0; i < n; i++) {
          const c = document.createElement('canvas');
          c.width = width;
          c.height = height;
          const g = c.getContext('2d');
          const hue = (i * 137 + Math.floor(rand() * 360)) % 360;
          const grad = g.createLinearGradient(0, 0, width, height);
          grad.addColorStop(0, `hsl(${hue}, 70%, 55%)`);
          grad.addColorStop(1, `hsl(${(hue + 120) % 360}, 60%, 25%)`);
          g.fillStyle = grad;
          g.fillRect(0, 0, width, height);
          for (let k = 0; k < 12; k++) {
            g.fillStyle = `hsla(${Math.floor(rand() * 360)}, 80%, ${30 + Math.floor(rand() * 50)}%, 0.8)`;
            g.beginPath();
            g.arc(rand() * width, rand() * height, 10 + rand() * 60, 0, Math.PI * 2);
            g.fill();
          }
          const img = g.getImageData(0, 0, width, height);
          for (let p = 0; p < img.data.length; p += 4) {
            const d = (rand() - 0.5) * 24;
            img.data[p] += d;
            img.data[p + 1] += d;
            img.data[p + 2] += d;
          }
          g.putImageData(img, 0, 0);
          g.fillStyle = '#fff';
          g.font = 'bold 48px sans-serif';
          g.fillText(`Déclic ${i + 1}`, 20, height - 30);
          out.push(c.toDataURL('image/jpeg', 0.85));
        }
        return out;
      },
      { n, width, height, seed: Date.now() & 0xffffffff },
    );
    return dataUrls.map((url, i) => ({
      name: `photo-${i + 1}.jpg`,
      mimeType: 'image/jpeg',
      buffer: Buffer.from(url.slice(url.indexOf(',') + 1), 'base64'),
    }));
  } finally {
    await ctx.close();
  }
}

/** The demo contest as the JSON API describes it (categories, quota…). */
export async function contestInfo(request, slug = 'demo') {
  const res = await request.get(`/api/v1/contests/${slug}`);
  if (!res.ok()) throw new Error(`GET /api/v1/contests/${slug}: ${res.status()} ${await res.text()}`);
  return res.json();
}

/**
 * Creates an entry through the JSON API with the context's session cookie (the contest page is
 * not involved). Sends the consent declarations of the rules with rights (took_photo,
 * accept_rules, every right the rules ask for, no people, not a minor) and the older single
 * `consent` box; a server ignores the fields it does not know.
 */
export async function submitEntryByApi(context, { photo, title, description, slug = 'demo' }) {
  const info = await contestInfo(context.request, slug);
  const multipart = {
    title,
    description,
    took_photo: 'on',
    accept_rules: 'on',
    people: 'none',
    minor: 'no',
    photo,
  };
  const grants = (info.rights || []).map((r) => r.use).filter(Boolean);
  if (grants.length) multipart.grant = grants.join(',');
  if (info.rules_version != null) multipart.rules_version = String(info.rules_version);
  if (info.categories?.length) multipart.category = String(info.categories[0].id);
  const res = await context.request.post(`/api/v1/contests/${slug}/entries`, {
    multipart,
    headers: { Origin: BASE_URL, Accept: 'application/json' },
  });
  if (res.status() !== 202 && res.status() !== 201) {
    throw new Error(`POST /api/v1/contests/${slug}/entries: ${res.status()} ${await res.text()}`);
  }
  return res.json();
}

/**
 * Approves entries as the demo admin (its password is in DECLIC_DATA_DIR/demo-admin.txt), through
 * the JSON API, in a separate request context: the participant's session is untouched.
 */
export async function approveAsDemoAdmin(ids) {
  if (!DATA_DIR) throw new Error('DECLIC_DATA_DIR is not set: cannot read demo-admin.txt to approve entries');
  const text = await readFile(join(DATA_DIR, 'demo-admin.txt'), 'utf8');
  const email = text.match(/^email:\s*(\S+)/m)?.[1];
  const password = text.match(/^password:\s*(\S+)/m)?.[1];
  if (!email || !password) throw new Error(`no email/password in ${join(DATA_DIR, 'demo-admin.txt')}`);
  const api = await apiRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Origin: BASE_URL } });
  try {
    const login = await api.post('/api/v1/auth/login', { data: { email, password } });
    if (!login.ok()) throw new Error(`demo admin login: ${login.status()} ${await login.text()}`);
    for (const id of ids) {
      const res = await api.post(`/api/v1/entries/${id}/moderation`, { data: { decision: 'approve' } });
      if (!res.ok()) throw new Error(`approving entry #${id}: ${res.status()} ${await res.text()}`);
    }
  } finally {
    await api.dispose();
  }
}

// ---------------------------------------------------------------------------------------------
// "Mes photos"

const STATUS_LABELS = {
  'en cours de traitement': 'processing',
  'en attente de modération': 'pending',
  'publiée': 'approved',
  'refusée': 'rejected',
  'illisible': 'failed',
};

/**
 * The entries listed on the current /me page: [{ id, title, status, statusText, source }].
 * Uses the rows' `data-entry` (or `data-entry-id`), `data-status` and `.entry-title` when the
 * page has them; otherwise reads the table's text (id from the withdraw link, status from its
 * French label).
 */
export async function readMyEntries(page) {
  const rows = await page.evaluate(() => {
    const firstText = (el) => {
      for (const node of el?.childNodes || []) {
        if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) return node.textContent.trim();
      }
      return '';
    };
    const tagged = Array.from(document.querySelectorAll('main [data-entry], main [data-entry-id]'));
    const rows = tagged.length ? tagged : Array.from(document.querySelectorAll('main table tbody tr'));
    return rows.map((el) => {
      const link = el.querySelector('a[href*="/withdraw"]');
      const m = link && link.getAttribute('href').match(/\/me\/entries\/(\d+)\/withdraw/);
      const attrId = el.getAttribute('data-entry') || el.getAttribute('data-entry-id');
      const titleEl = el.querySelector('.entry-title');
      return {
        id: Number(attrId || (m ? m[1] : NaN)),
        title: (titleEl ? titleEl.textContent : el.getAttribute('data-title') || firstText(el.cells?.[1])).trim(),
        status: el.getAttribute('data-status') || '',
        statusText: (el.querySelector('.status')?.innerText || '').trim(),
        source: tagged.length ? 'data-*' : 'table text',
      };
    });
  });
  for (const r of rows) {
    if (!r.status) {
      const first = r.statusText.split('\n')[0].trim().toLowerCase();
      r.status = STATUS_LABELS[first] || first;
    }
  }
  return rows;
}

/** Reloads /me until `done(entries)` holds (default 60 s); returns the last entries read. */
export async function pollMyEntries(page, done, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  let entries = [];
  for (;;) {
    await page.goto('/me');
    entries = await readMyEntries(page);
    if (done(entries)) return entries;
    if (Date.now() > deadline) {
      throw new Error(
        `/me did not reach the expected state within ${timeoutMs} ms; last read:\n` +
          entries.map((e) => `  #${e.id} «${e.title}» ${e.status} (${e.source})`).join('\n'),
      );
    }
    await sleep(1000);
  }
}

// ---------------------------------------------------------------------------------------------
// Accessibility

/** Runs axe-core (WCAG 2.1 A and AA) on the page as it is now. */
export async function runAxe(page, { exclude = [] } = {}) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) {
    try {
      await page.addScriptTag({ path: AXE_PATH });
    } catch {
      // Déclic's Content-Security-Policy (script-src 'self') refuses an injected inline
      // <script>; evaluating through the DevTools protocol is not subject to it. The CSP stays
      // on (no bypassCSP), so the pages' own scripts run as they do for real visitors.
      await page.evaluate(await readFile(AXE_PATH, 'utf8'));
    }
  }
  return page.evaluate(
    async ({ tags, exclude }) => {
      const context = exclude.length ? { include: [document], exclude: exclude.map((s) => [s]) } : document;
      const r = await window.axe.run(context, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
      return r.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        helpUrl: v.helpUrl,
        nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html, summary: n.failureSummary })),
      }));
    },
    { tags: WCAG_TAGS, exclude },
  );
}

/** Formats axe violations so a failure says what to fix, where. */
export function formatViolations(label, violations) {
  const lines = [`${violations.length} accessibility violation(s) on ${label}:`];
  for (const v of violations) {
    lines.push(`- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) {
      lines.push(`    at ${n.target}`);
      lines.push(`       ${n.html.replace(/\s+/g, ' ').slice(0, 200)}`);
      if (n.summary) lines.push(`       ${n.summary.replace(/\n/g, '\n       ')}`);
    }
  }
  return lines.join('\n');
}

/** Asserts axe finds no WCAG 2.1 A/AA violation; the failure message lists each one. */
export async function assertAccessible(page, label = page.url()) {
  const violations = await runAxe(page);
  if (violations.length) {
    throw new Error(formatViolations(label, violations));
  }
}

/** The demo admin's API session (its password is in DECLIC_DATA_DIR/demo-admin.txt). */
export async function adminApi() {
  const { email, password } = await demoAdmin();
  const api = await apiRequest.newContext({ baseURL: BASE_URL, extraHTTPHeaders: { Origin: BASE_URL } });
  const login = await api.post('/api/v1/auth/login', { data: { email, password } });
  if (!login.ok()) throw new Error(`admin login: ${login.status()}`);
  return api;
}

/** The demo admin's email and password. */
export async function demoAdmin() {
  const text = await readFile(join(DATA_DIR, 'demo-admin.txt'), 'utf8');
  return { email: text.match(/^email:\s*(\S+)/m)[1], password: text.match(/^password:\s*(\S+)/m)[1] };
}

/** Signs a team member in on `page` with their password (the « Accès équipe » page). */
export async function signInTeam(page, email, password) {
  await page.goto('/login/team');
  await page.locator('#staff-email').fill(email);
  await page.locator('#password').fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.locator('form[action="/login/password"] button').click()]);
}

/** Asserts an API response succeeded; returns its JSON (or null). */
export async function ok(res, what) {
  if (!res.ok()) throw new Error(`${what}: ${res.status()} ${await res.text()}`);
  return res.json().catch(() => null);
}

/**
 * Creates, as the admin API session `admin`, a contest open now in every phase (results in 25 h)
 * with one category and one A5 cover slot `guide-t1`.
 */
export async function createOpenContest(admin, slug, title) {
  const t = (d) => new Date(Date.now() + d * 1000).toISOString();
  return ok(
    await admin.post('/api/v1/contests', {
      data: {
        slug,
        title,
        rules: 'Règlement.',
        submissions_open_at: t(-3600), submissions_close_at: t(86_400),
        vote_open_at: t(-3600), vote_close_at: t(86_400),
        jury_open_at: t(-3600), jury_close_at: t(86_400),
        results_at: t(90_000),
        categories: ['Tram'],
        cover_slots: [{ slug: 'guide-t1', name: 'Guide T1', trim_width_mm: 148, trim_height_mm: 210, bleed_mm: 3, min_dpi: 300 }],
      },
    }),
    'creating the contest',
  );
}

/** Waits (as the author's `request`) until entry `id` is processed, then approves it as `admin`. */
export async function approveWhenProcessed(request, admin, id) {
  for (let i = 0; ; i++) {
    const entry = await (await request.get(`/api/v1/entries/${id}`)).json();
    if (entry.status === 'pending') break;
    if (i >= 120) throw new Error(`entry #${id} was never processed (${entry.status})`);
    await sleep(500);
  }
  await ok(await admin.post(`/api/v1/entries/${id}/moderation`, { data: { decision: 'approve' } }), `approving #${id}`);
}
