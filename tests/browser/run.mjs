// Browser tests for convene: starts `convene demo` on a temp database, drives Debian's chromium via playwright-core
// through the register-for-a-training flow (desktop 1280x900 and phone 390x844), checks form errors, phone layout,
// axe-core accessibility (WCAG 2.1 A/AA) and tidy markup; then the staff console: a coordinator creates a stop with
// two sessions, session field errors, a partner refused another organisation's event, axe and tidy on staff pages;
// the live Q&A: a moderator's approval reaches a participant's phone without a reload, the disclosure note, the
// presenter screen, axe and tidy; and the Nu HTML Checker (vnu.jar from npm, run with java) over public and staff pages.
// Env: CONVENE (binary), OUT (screenshots). Exit 0 iff all pass.

import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CONVENE = process.env.CONVENE ? path.resolve(process.env.CONVENE) : path.resolve(HERE, '../../convene');
const OUT = process.env.OUT ? path.resolve(process.env.OUT) : path.join(HERE, 'out');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const TIDY = process.env.TIDY || '/usr/bin/tidy';
const VNU_JAR = path.join(HERE, 'node_modules/vnu-jar/build/dist/vnu.jar'); // the Nu HTML Checker (npm vnu-jar)
const TEST_TIMEOUT_MS = 30_000;
const ACTION_TIMEOUT_MS = 10_000;
const GLOBAL_TIMEOUT_MS = 5 * 60_000;
const START_TIMEOUT_MS = 20_000;
const PHONE_WIDTH = 390;
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BAD_EMAIL = 'not-an-email';
const STAFF_PASSWORD = 'montana-demo-2027'; // every demo staff account
const TASK_FORCE = 'Missoula Human Trafficking Task Force';
const STOP_DAY = `${new Date().getFullYear() + 1}-01-22`; // next year's 22 January: always in the future

const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  phone: { viewport: { width: PHONE_WIDTH, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 },
};

// ---------------------------------------------------------------- output helpers

const results = [];
function note(msg) {
  for (const line of String(msg).split('\n')) console.log(`#   ${line}`);
}
function oneLine(s) {
  return String(s).replace(/\s+/g, ' ').trim();
}

class Failure extends Error {}
function fail(msg) {
  throw new Failure(msg);
}

// ---------------------------------------------------------------- server

let server = null; // { child, url, log: [] , exited: Promise }

function startServer(tmp) {
  return new Promise((resolve, reject) => {
    if (!fs.existsSync(CONVENE)) return reject(new Failure(`binary not found: ${CONVENE}`));
    const db = path.join(tmp, 'demo.db');
    serverDb = db;
    const args = ['demo', '--db', db, '--listen', '127.0.0.1:0'];
    // Own process group, so SIGTERM also reaches anything a wrapper script started.
    const child = spawn(CONVENE, args, { cwd: tmp, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const log = [];
    let done = false;
    let buf = '';
    const exited = new Promise((res) => child.on('exit', (code, sig) => res({ code, sig })));
    server = { child, url: null, log, exited, running: true };
    child.on('exit', () => { server.running = false; });
    const timer = setTimeout(() => {
      if (done) return;
      done = true;
      reject(new Failure(`no "convene: listening on http://..." line on stderr within ${START_TIMEOUT_MS / 1000} s`));
    }, START_TIMEOUT_MS);
    child.on('error', (e) => {
      if (done) return;
      done = true; clearTimeout(timer);
      reject(new Failure(`cannot start ${CONVENE}: ${e.message}`));
    });
    child.on('exit', (code, sig) => {
      if (done) return;
      done = true; clearTimeout(timer);
      reject(new Failure(`server exited before listening (code ${code}, signal ${sig})`));
    });
    const trim = () => { if (log.length > 2000) log.splice(0, log.length - 1000); };
    child.stdout.on('data', (d) => { log.push(...String(d).split('\n').filter(Boolean).map((l) => `stdout: ${l}`)); trim(); });
    child.stderr.on('data', (d) => {
      buf += String(d);
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        log.push(`stderr: ${line}`);
        trim();
        const m = /convene: listening on (https?:\/\/[^\s]+)/.exec(line);
        if (m && !done) {
          done = true; clearTimeout(timer);
          server.url = m[1].replace(/\/+$/, '');
          resolve(server.url);
        }
      }
    });
  });
}

async function stopServer() {
  if (!server || !server.running) return null;
  killServer('SIGTERM');
  const t = setTimeout(() => { if (server.running) killServer('SIGKILL'); }, 5000);
  const r = await server.exited;
  clearTimeout(t);
  return r;
}

function killServer(sig) {
  if (!server || !server.child.pid) return;
  try { process.kill(-server.child.pid, sig); } catch { try { server.child.kill(sig); } catch { /* gone */ } }
}

process.on('exit', () => { if (server && server.running) killServer('SIGKILL'); });
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    if (server && server.running) killServer('SIGTERM');
    process.exit(130);
  });
}

// ---------------------------------------------------------------- shared state between tests

const state = {
  urls: {},          // home, event, form, ticket (desktop), phoneTicket
  cookies: [],       // cookies from the desktop flow (used for fetch and axe)
  invalidForm: null, // { action, entries } as the browser would have POSTed it
  phoneWidths: {},   // page -> scrollWidth measured on the phone viewport
  staffCookies: [],  // kat's sign-in cookie (coordinator), for axe and tidy on staff pages
  qa: null,          // { code, sessionId } of the Missoula public session's Q&A
  modCookies: [],    // the moderator's sign-in cookie, for axe on the moderation page
};
const stamp = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

// ---------------------------------------------------------------- browser helpers

let browser = null;

async function newContext(t, opts = {}) {
  const ctx = await browser.newContext({ locale: 'en-US', ...opts });
  ctx.setDefaultTimeout(ACTION_TIMEOUT_MS);
  ctx.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  t.contexts.push(ctx);
  return ctx;
}

// Record console errors, page errors and failed subresources as notes (not failures).
function watchPage(page, t) {
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const where = m.location()?.url || '';
    if (/Failed to load resource/.test(m.text())) return; // reported by the 'response' listener below
    t.notes.push(`console error on ${page.url()}: ${oneLine(m.text())}${where && where !== page.url() ? ` (${where})` : ''}`);
  });
  page.on('pageerror', (e) => t.notes.push(`page error on ${page.url()}: ${oneLine(e.message)}`));
  page.on('response', (r) => {
    const st = r.status();
    if (st >= 400 && !(st === 422 && r.request().method() === 'POST') && !/\/favicon\.ico$/.test(r.url())) t.notes.push(`HTTP ${st} for ${r.request().method()} ${r.url()}`);
  });
  page.on('requestfailed', (r) => t.notes.push(`request failed: ${r.method()} ${r.url()} (${r.failure()?.errorText})`));
}

function need(key, what) {
  const v = state.urls[key];
  if (!v) fail(`skipped: ${what} URL unknown (an earlier flow test did not reach it)`);
  return v;
}

// Locate a form control by its label, proving the label is wired up; also check its name attribute.
async function byLabel(page, label, expectName, t) {
  let loc = page.getByLabel(label, { exact: true });
  let n = await loc.count();
  if (n !== 1) {
    const loose = page.getByLabel(new RegExp(`^\\s*${label}\\b`, 'i'));
    const m = await loose.count();
    if (m >= 1) {
      const texts = await page.locator('label').allInnerTexts();
      t.notes.push(`label mismatch: no control labelled exactly "${label}" (${n} exact matches); matched by prefix instead. Labels on page: ${JSON.stringify(texts.map(oneLine))}`);
      loc = loose.first();
      n = 1;
    } else {
      const texts = await page.locator('label').allInnerTexts();
      fail(`no form control labelled "${label}" (labels on page: ${JSON.stringify(texts.map(oneLine))})`);
    }
  }
  const name = await loc.getAttribute('name');
  if (name !== expectName) fail(`control labelled "${label}" has name="${name}", expected name="${expectName}"`);
  return loc;
}

async function licenseField(page, t) {
  const loc = page.getByLabel(/licen[cs]e/i);
  const n = await loc.count();
  if (n < 1) {
    const any = await page.locator('[name="license"]').count();
    fail(any ? 'input[name=license] exists but has no label containing "licence"/"license"' : 'no licence number field (input[name=license]) on the form');
  }
  const first = loc.first();
  const name = await first.getAttribute('name');
  if (name !== 'license') fail(`control labelled "licence/license" has name="${name}", expected name="license"`);
  if (await first.getAttribute('required') !== null) t.notes.push('licence field is marked required but should be optional');
  return first;
}

async function registerButton(page, t) {
  let b = page.getByRole('button', { name: 'Register', exact: true });
  if (await b.count() === 1) return b;
  const loose = page.getByRole('button', { name: /register/i });
  if (await loose.count() >= 1) {
    t.notes.push(`button mismatch: no button named exactly "Register"; using ${JSON.stringify(await loose.first().innerText())}`);
    return loose.first();
  }
  fail('no "Register" submit button on the form');
}

async function clickAndWait(page, locator) {
  const [resp] = await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), locator.click()]);
  return resp;
}

// The page's <h1>, to explain an unexpected status.
async function headline(page) {
  const h = await page.locator('h1').first().innerText({ timeout: 2000 }).catch(() => '');
  return h ? ` (page says: "${oneLine(h)}")` : '';
}

async function shot(page, name) {
  // The hotline bar is sticky: scrolled (by filling a field lower down), it would be drawn mid-page in a full-page shot.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(OUT, `${name}.png`), fullPage: true });
}

async function measure(page, vp, key) {
  if (vp !== 'phone') return;
  state.phoneWidths[key] = await page.evaluate(() => document.documentElement.scrollWidth);
}

async function gotoOk(page, url) {
  const r = await page.goto(url, { waitUntil: 'load' });
  if (!r) fail(`no response for ${url}`);
  if (r.status() !== 200) fail(`GET ${url} returned HTTP ${r.status()}`);
  return r;
}

// home -> Missoula event -> professional session -> form
async function openForm(page, vp, t, { screenshots = false } = {}) {
  t.step = 'opening the home page';
  await gotoOk(page, server.url + '/');
  state.urls.home ??= page.url();
  await measure(page, vp, 'home');
  if (screenshots) await shot(page, `${vp}-home`);

  const links = page.locator('a.event-link');
  const nLinks = await links.count();
  if (nLinks === 0) fail('home page has no a.event-link elements');
  const miss = page.locator('a.event-link', { hasText: 'Missoula' });
  const nMiss = await miss.count();
  if (nMiss === 0) fail(`no a.event-link containing "Missoula" (links: ${JSON.stringify((await links.allInnerTexts()).map(oneLine))})`);
  if (nMiss > 1 && !state.notedMissoula) {
    state.notedMissoula = true;
    t.notes.push(`${nMiss} a.event-link elements contain "Missoula" (${(await miss.evaluateAll((as) => as.map((a) => a.getAttribute('href')))).join(', ')}); using the first`);
  }
  t.step = 'following the Missoula a.event-link';
  const r1 = await clickAndWait(page, miss.first());
  if (r1 && r1.status() !== 200) fail(`event page ${page.url()} returned HTTP ${r1.status()}`);
  state.urls.event ??= page.url();
  await measure(page, vp, 'event');
  if (screenshots) await shot(page, `${vp}-event`);

  const sessions = page.locator('section.session');
  const nSess = await sessions.count();
  if (nSess === 0) fail(`event page ${page.url()} has no section.session elements`);
  const pro = page.locator('section.session', { hasText: 'Professional' });
  if (await pro.count() === 0) fail(`no section.session containing "Professional" (${nSess} sessions)`);
  const reg = pro.first().locator('a.register');
  if (await reg.count() === 0) fail('the "Professional" section.session has no a.register link');
  t.step = 'following the professional session\'s a.register link';
  const r2 = await clickAndWait(page, reg.first());
  if (r2 && r2.status() !== 200) fail(`registration form ${page.url()} returned HTTP ${r2.status()}`);
  state.urls.form ??= page.url();
  await measure(page, vp, 'form');
}

async function fillForm(page, t, v) {
  t.step = `filling the registration form at ${page.url()}`;
  const f = {
    name: await byLabel(page, 'Name', 'name', t),
    email: await byLabel(page, 'Email', 'email', t),
    sector: await byLabel(page, 'Sector', 'sector', t),
    organization: await byLabel(page, 'Organization', 'organization', t),
    county: await byLabel(page, 'County', 'county', t),
    license: await licenseField(page, t),
  };
  const tag = await f.sector.evaluate((e) => e.tagName.toLowerCase());
  if (tag !== 'select') fail(`"Sector" control is a <${tag}>, expected <select>`);
  await f.name.fill(v.name);
  await f.email.fill(v.email);
  try {
    await f.sector.selectOption({ label: 'Law enforcement' });
  } catch (e) {
    const opts = await f.sector.locator('option').allInnerTexts();
    fail(`cannot choose sector "Law enforcement" (options: ${JSON.stringify(opts.map(oneLine))})`);
  }
  await f.organization.fill(v.organization);
  await f.county.fill(v.county);
  await f.license.fill(v.license ?? '');
  return f;
}

// Submit the professional form with an empty name and a bad email; returns the response.
async function submitInvalid(page, vp, t, { screenshots = false, record = false } = {}) {
  await openForm(page, vp, t);
  const f = await fillForm(page, t, {
    name: '', email: BAD_EMAIL, organization: 'Lolo Police Dept', county: 'Missoula', license: '',
  });
  // The browser's own validation (required / type=email) would block this submit; we test the server, so bypass it.
  const clientValid = await f.email.evaluate((e) => { const form = e.form; const ok = form.checkValidity(); form.noValidate = true; return ok; });
  if (record) {
    state.invalidForm = await f.email.evaluate((e) => ({
      action: e.form.action, method: e.form.method, enctype: e.form.enctype,
      entries: [...new FormData(e.form)].filter(([, v]) => typeof v === 'string'),
    }));
    if (clientValid) t.notes.push('browser-side validation would allow this submit (no required / type=email attributes)');
  }
  const btn = await registerButton(page, t);
  t.step = 'submitting the invalid form';
  const resp = await clickAndWait(page, btn);
  if (!resp) fail('no response after submitting the invalid form');
  if (screenshots) await shot(page, `${vp}-form-errors`);
  const st = resp.status();
  if (![200, 400, 422].includes(st)) fail(`invalid submit answered HTTP ${st} (expected 422, or 200/400)${await headline(page)}`);
  await measure(page, vp, 'form-errors');
  return resp;
}

// ---------------------------------------------------------------- tests

async function flowTest(t, vp) {
  const ctx = await newContext(t, VIEWPORTS[vp]);
  const page = await ctx.newPage();
  watchPage(page, t);
  await openForm(page, vp, t, { screenshots: true });
  const who = vp === 'desktop'
    ? { name: 'Zoë O\'Brien', organization: 'Missoula County Sheriff\'s Office', county: 'Missoula', license: 'POST-12345' }
    : { name: 'Sam Phone', organization: 'Ravalli County Sheriff', county: 'Ravalli', license: '' };
  await fillForm(page, t, { ...who, email: `${vp}-${stamp}@example.org` });
  await shot(page, `${vp}-form`);
  const btn = await registerButton(page, t);
  t.step = 'submitting the registration form';
  const resp = await clickAndWait(page, btn);
  if (!resp) fail('no response after submitting the registration form');
  t.step = `checking the ticket page ${page.url()}`;
  if (resp.status() !== 200) await shot(page, `${vp}-ticket-failed`);
  if (resp.status() !== 200) fail(`after submitting, ${resp.request().method()} ${page.url()} returned HTTP ${resp.status()}${await headline(page)}`);
  const status = page.locator('.ticket-status');
  if (await status.count() === 0) {
    const errs = await page.locator('.field-error').allInnerTexts();
    await shot(page, `${vp}-ticket`);
    fail(`no .ticket-status on the page after submitting (${page.url()})${errs.length ? `; field errors: ${JSON.stringify(errs.map(oneLine))}` : ''}`);
  }
  const text = oneLine(await status.first().innerText());
  await measure(page, vp, 'ticket');
  await shot(page, `${vp}-ticket`);
  if (vp === 'desktop') { state.urls.ticket = page.url(); state.cookies = await ctx.cookies(); }
  else state.urls.phoneTicket = page.url();
  if (!text.includes('Confirmed')) fail(`.ticket-status is "${text}", expected it to contain "Confirmed"`);
  const body = await page.locator('body').innerText();
  if (!body.includes(who.name)) t.notes.push(`ticket page does not show the registrant name "${who.name}"`);
  t.notes.push(`ticket: ${page.url()} (${text})`);
}

async function invalidTest(t, vp) {
  const ctx = await newContext(t, VIEWPORTS[vp]);
  const page = await ctx.newPage();
  watchPage(page, t);
  const resp = await submitInvalid(page, vp, t, { record: vp === 'desktop', screenshots: true });
  const st = resp.status();
  const method = resp.request().method();
  t.notes.push(`invalid submit answered HTTP ${st} to ${method} ${resp.url()}`);
  if (method !== 'POST') fail(`invalid submit ended on a ${method} ${page.url()} (redirected?) instead of re-showing the form`);
  const emailField = page.locator('[name="email"]');
  if (await emailField.count() === 0) fail('the form is not shown again (no [name=email] field)');
  const val = await emailField.first().inputValue();
  if (val !== BAD_EMAIL) fail(`email field holds ${JSON.stringify(val)}, expected the entered ${JSON.stringify(BAD_EMAIL)}`);
  // Labels must still work on the error page.
  await byLabel(page, 'Email', 'email', t);
  const nErr = await page.locator('.field-error').count();
  if (nErr === 0) fail('no .field-error elements on the page');
  // "Next to the field": referenced by aria-describedby, or inside the field's wrapper (up to 2 ancestors).
  const placement = await page.evaluate(() => {
    const near = (name) => {
      const el = document.querySelector(`[name="${name}"]`);
      if (!el) return 'missing field';
      const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
      if (ids.some((id) => document.getElementById(id)?.classList.contains('field-error'))) return 'described-by';
      let a = el.parentElement;
      for (let i = 0; i < 3 && a && a !== document.body && a.tagName !== 'FORM'; i++, a = a.parentElement) {
        const errs = a.querySelectorAll('.field-error');
        const fields = a.querySelectorAll('input, select, textarea');
        if (errs.length && fields.length === 1) return 'adjacent';
      }
      return 'none';
    };
    const out = {};
    for (const n of ['name', 'email', 'sector', 'organization', 'county', 'license']) out[n] = near(n);
    out.described = ['name', 'email'].map((n) => document.querySelector(`[name="${n}"]`)?.getAttribute('aria-describedby') || '');
    out.invalid = ['name', 'email'].map((n) => document.querySelector(`[name="${n}"]`)?.getAttribute('aria-invalid') || '');
    return out;
  });
  const bad = ['name', 'email'].filter((n) => placement[n] === 'none' || placement[n] === 'missing field');
  const wrong = ['sector', 'organization', 'county', 'license'].filter((n) => placement[n] === 'described-by' || placement[n] === 'adjacent');
  if (wrong.length) t.notes.push(`valid fields also show a .field-error: ${wrong.join(', ')}`);
  if (!placement.described[0] || !placement.described[1]) t.notes.push('hint: name/email are not linked to their error via aria-describedby');
  if (placement.invalid[0] !== 'true' || placement.invalid[1] !== 'true') t.notes.push('hint: name/email lack aria-invalid="true"');
  if (bad.length) fail(`no .field-error next to: ${bad.join(', ')} (${nErr} .field-error elements on the page)`);
}

async function phoneLayoutTest(t) {
  const keys = ['home', 'event', 'form', 'form-errors', 'ticket'];
  const parts = keys.map((k) => `${k}=${state.phoneWidths[k] ?? '?'}`);
  t.notes.push(`scrollWidth at ${PHONE_WIDTH} px: ${parts.join(' ')}`);
  const wide = keys.filter((k) => state.phoneWidths[k] > PHONE_WIDTH);
  const missing = keys.filter((k) => state.phoneWidths[k] === undefined);
  if (wide.length) fail(`horizontal scrolling on ${wide.map((k) => `${k} (scrollWidth ${state.phoneWidths[k]})`).join(', ')}`);
  if (missing.length) fail(`not measured (phone flow did not reach): ${missing.join(', ')}`);
}

async function axeTest(t, which, cookies = state.cookies) {
  const ctx = await newContext(t, { ...VIEWPORTS.desktop, bypassCSP: true });
  if (cookies.length) await ctx.addCookies(cookies);
  const page = await ctx.newPage();
  if (which === 'form-errors') {
    await submitInvalid(page, 'desktop', t);
    if (await page.locator('.field-error').count() === 0) fail('no .field-error on the page after the invalid submit; not checking the wrong page');
  } else {
    const url = need(which, which);
    await gotoOk(page, url);
    // A signed-out visit to a staff page lands on the sign-in form with HTTP 200: do not check the wrong page.
    if (new URL(page.url()).pathname !== new URL(url).pathname) fail(`GET ${url} ended at ${page.url()}; not checking the wrong page`);
  }
  await page.addScriptTag({ content: fs.readFileSync(path.join(HERE, 'node_modules/axe-core/axe.min.js'), 'utf8') });
  const res = await page.evaluate((tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }), AXE_TAGS);
  const bad = res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = res.violations.filter((v) => !bad.includes(v));
  for (const v of minor) t.notes.push(`(not failing) ${v.id} [${v.impact}] ${v.nodes.length} node(s): ${JSON.stringify(v.nodes[0]?.target)} ${oneLine(v.nodes[0]?.html ?? '').slice(0, 200)}`);
  if (bad.length) {
    for (const v of bad) {
      const n = v.nodes[0] || {};
      t.notes.push(`${v.id} [${v.impact}] ${v.nodes.length} node(s): ${v.help}`);
      t.notes.push(`    target: ${JSON.stringify(n.target)}`);
      t.notes.push(`    html:   ${oneLine(n.html ?? '').slice(0, 300)}`);
      if (n.failureSummary) t.notes.push(`    why:    ${oneLine(n.failureSummary).slice(0, 300)}`);
    }
    fail(`${bad.length} serious/critical axe violation(s): ${bad.map((v) => v.id).join(', ')}`);
  }
}

function cookieHeader(cookies = state.cookies) {
  return cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

async function fetchHtml(which, cookies = state.cookies) {
  const headers = { Accept: 'text/html' };
  if (cookies.length) headers.Cookie = cookieHeader(cookies);
  if (which === 'form-errors') {
    const f = state.invalidForm;
    if (!f) fail('skipped: the invalid-form test did not capture the form (see above)');
    if (f.method && f.method.toLowerCase() !== 'post') fail(`registration form method is "${f.method}", expected post`);
    const r = await fetch(f.action, {
      method: 'POST', redirect: 'manual', signal: AbortSignal.timeout(ACTION_TIMEOUT_MS),
      headers: { ...headers, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(f.entries).toString(),
    });
    if (![200, 400, 422].includes(r.status)) fail(`POST ${f.action} answered HTTP ${r.status} (expected 422, or 200/400)`);
    return { html: await r.text(), status: r.status, url: f.action };
  }
  const url = need(which, which);
  const r = await fetch(url, { headers, redirect: 'manual', signal: AbortSignal.timeout(ACTION_TIMEOUT_MS) });
  if (r.status !== 200) fail(`GET ${url} answered HTTP ${r.status}${r.headers.get('location') ? ` (to ${r.headers.get('location')})` : ''}`);
  const ct = r.headers.get('content-type') || '';
  if (!/^text\/html/i.test(ct)) fail(`GET ${url} has Content-Type "${ct}", expected text/html`);
  return { html: await r.text(), status: r.status, url };
}

async function tidyTest(t, which, cookies = state.cookies) {
  const { html } = await fetchHtml(which, cookies);
  if (!html.trim()) fail('empty response body');
  const r = spawnSync(TIDY, ['-quiet', '-errors', '--show-warnings', 'no'], { input: html, encoding: 'utf8', timeout: 15_000 });
  if (r.error) fail(`cannot run ${TIDY}: ${r.error.message}`);
  const out = `${r.stdout || ''}${r.stderr || ''}`.trim();
  if (r.status === 2) {
    t.notes.push(...out.split('\n'));
    fail('tidy reports errors (exit status 2)');
  }
  if (r.status !== 0 && r.status !== 1) fail(`tidy exited with status ${r.status}: ${oneLine(out).slice(0, 300)}`);
}

// Every page of pages ([key in state.urls, label, cookies]) through the Nu HTML Checker (vnu.jar, one run for all);
// each error is a note naming its page, line and text.
async function vnuTest(t, pages) {
  if (!fs.existsSync(VNU_JAR)) fail(`no ${VNU_JAR} (npm ci in tests/browser installs vnu-jar)`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-vnu-'));
  try {
    const names = {};
    for (const [which, label, cookies] of pages) {
      t.step = `fetching the ${label}`;
      const { html } = await fetchHtml(which, cookies);
      const f = path.join(dir, `${label.replace(/[^a-z0-9]+/gi, '-')}.html`);
      fs.writeFileSync(f, html);
      names[`file:${f}`] = label;
    }
    t.step = 'running the Nu HTML Checker';
    const r = spawnSync('java', ['-jar', VNU_JAR, '--errors-only', '--format', 'json', ...Object.keys(names).map((u) => u.slice(5))],
      { encoding: 'utf8', timeout: 120_000 });
    if (r.error) fail(`cannot run java -jar ${VNU_JAR}: ${r.error.message}`);
    let out;
    try {
      out = JSON.parse(r.stderr || r.stdout);
    } catch (e) {
      fail(`the checker said no JSON (status ${r.status}): ${oneLine(`${r.stdout}${r.stderr}`).slice(0, 300)}`);
    }
    const errors = (out.messages || []).filter((m) => m.type === 'error' || m.subType === 'fatal');
    for (const m of errors) t.notes.push(`${names[m.url] || m.url}: line ${m.lastLine}: ${m.message} ${oneLine(m.extract || '').slice(0, 120)}`);
    if (errors.length) fail(`the Nu HTML Checker reports ${errors.length} error(s) over ${pages.length} pages`);
    t.notes.push(`Nu HTML Checker: ${pages.length} pages, no errors`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- staff console

// Signs in at /staff/login through the form; ends on /staff.
async function signIn(page, t, user) {
  t.step = `signing in as ${user}`;
  await gotoOk(page, `${server.url}/staff/login`);
  await (await byLabel(page, 'User name', 'name', t)).fill(user);
  await (await byLabel(page, 'Password', 'password', t)).fill(STAFF_PASSWORD);
  const resp = await clickAndWait(page, page.getByRole('button', { name: 'Sign in', exact: true }));
  if (!resp || resp.status() !== 200) fail(`signing in as ${user} answered HTTP ${resp ? resp.status() : 'nothing'} at ${page.url()}${await headline(page)}`);
  if (new URL(page.url()).pathname !== '/staff') fail(`after signing in as ${user} the browser is at ${page.url()}, expected /staff${await headline(page)}`);
}

// Clicks a control that submits or navigates and expects HTTP 200 (after any redirect).
async function clickOk(page, locator, what) {
  if (await locator.count() === 0) fail(`no ${what} on ${page.url()}`);
  const resp = await clickAndWait(page, locator.first());
  if (!resp) fail(`no response after ${what}`);
  if (resp.status() !== 200) {
    const errs = await page.locator('.field-error').allInnerTexts();
    fail(`${what} answered HTTP ${resp.status()} at ${page.url()}${await headline(page)}${errs.length ? `; field errors: ${JSON.stringify(errs.map(oneLine))}` : ''}`);
  }
  return resp;
}

// The checkbox labelled label inside the fieldset whose legend matches legend.
async function checkIn(page, legend, label) {
  const group = page.getByRole('group', { name: legend });
  if (await group.count() !== 1) fail(`no single fieldset with legend ${legend} (found ${await group.count()}; legends: ${JSON.stringify((await page.locator('legend').allInnerTexts()).map(oneLine))})`);
  const box = group.getByLabel(label, { exact: true });
  if (await box.count() !== 1) fail(`no checkbox labelled "${label}" in the fieldset ${legend} (options: ${JSON.stringify((await group.locator('label').allInnerTexts()).map(oneLine))})`);
  await box.check();
}

// Fills the session form: { title, audience (option label), sectors [labels], capacity, ce, starts, ends }.
async function fillSession(page, t, s) {
  t.step = `filling the session form at ${page.url()}`;
  await (await byLabel(page, 'Title', 'title', t)).fill(s.title);
  const aud = await byLabel(page, 'Audience', 'audience', t);
  try {
    await aud.selectOption({ label: s.audience });
  } catch {
    fail(`cannot choose audience "${s.audience}" (options: ${JSON.stringify((await aud.locator('option').allInnerTexts()).map(oneLine))})`);
  }
  for (const sec of s.sectors) await checkIn(page, /^Sectors admitted/, sec);
  if (s.capacity !== undefined) await (await byLabel(page, 'Capacity', 'capacity', t)).fill(String(s.capacity));
  if (s.ce !== undefined) await (await byLabel(page, 'CE hours', 'ce_hours', t)).fill(String(s.ce));
  const starts = await byLabel(page, 'Starts', 'starts_at', t);
  const ends = await byLabel(page, 'Ends', 'ends_at', t);
  for (const [loc, v] of [[starts, s.starts], [ends, s.ends]]) {
    const type = await loc.getAttribute('type');
    if (type !== 'datetime-local') t.notes.push(`${await loc.getAttribute('name')} is <input type="${type}">, expected datetime-local`);
    await loc.fill(v);
  }
}

// On an event's staff page: Add a session, fill, save; back on the event page with the session listed.
async function addSession(page, t, s, shotName) {
  const eventUrl = page.url();
  t.step = `following "Add a session" on ${eventUrl}`;
  await clickOk(page, page.getByRole('link', { name: 'Add a session', exact: true }), '"Add a session" link');
  state.urls.staffSession ??= page.url();
  await fillSession(page, t, s);
  if (shotName) await shot(page, shotName);
  t.step = `saving the session "${s.title}"`;
  await clickOk(page, page.getByRole('button', { name: 'Save session', exact: true }), '"Save session"');
  if (page.url() !== eventUrl) t.notes.push(`after saving a session the browser is at ${page.url()}, not back on ${eventUrl}`);
  const item = page.locator('main li', { hasText: s.title });
  if (await item.count() === 0) fail(`the event page ${page.url()} does not list the new session "${s.title}" (items: ${JSON.stringify((await page.locator('main li').allInnerTexts()).map(oneLine))})`);
}

// Where the .field-error of each named control is: 'described-by', 'adjacent', 'none' or 'missing field'.
async function errorPlacement(page, names) {
  return page.evaluate((names) => {
    const out = {};
    for (const name of names) {
      const el = document.querySelector(`[name="${name}"]`);
      if (!el) { out[name] = 'missing field'; continue; }
      const ids = (el.getAttribute('aria-describedby') || '').split(/\s+/).filter(Boolean);
      if (ids.some((id) => document.getElementById(id)?.classList.contains('field-error'))) { out[name] = 'described-by'; continue; }
      out[name] = 'none';
      let a = el.parentElement;
      for (let i = 0; i < 3 && a && a !== document.body && a.tagName !== 'FORM'; i++, a = a.parentElement) {
        if (a.querySelectorAll('.field-error').length && a.querySelectorAll('input, select, textarea').length === 1) { out[name] = 'adjacent'; break; }
      }
    }
    return out;
  }, names);
}

async function coordinatorTest(t) {
  const ctx = await newContext(t, VIEWPORTS.desktop);
  const page = await ctx.newPage();
  watchPage(page, t);
  await signIn(page, t, 'kat');
  state.staffCookies = await ctx.cookies();
  state.urls.staffHome = page.url();
  await shot(page, 'desktop-staff-home');

  t.step = 'following "New event" on the staff home';
  await clickOk(page, page.getByRole('link', { name: 'New event', exact: true }), '"New event" link');
  state.urls.staffEventNew = page.url();
  const title = `Ending Demand: Great Falls ${stamp}`;
  t.step = `filling the event form at ${page.url()}`;
  await (await byLabel(page, 'Title', 'title', t)).fill(title);
  await (await byLabel(page, 'Description', 'description', t)).fill(`A tour stop made by the browser test on ${STOP_DAY}: a *training* for professionals by day, a public conversation in the evening.`);
  const venue = await byLabel(page, 'Venue', 'venue_id', t);
  const venues = (await venue.locator('option').allInnerTexts()).map(oneLine);
  if (venues.length < 2) fail(`the Venue select has no venues to choose (options: ${JSON.stringify(venues)})`);
  await venue.selectOption({ index: 1 });
  await checkIn(page, 'Hosts', TASK_FORCE);
  await shot(page, 'desktop-staff-event-new');
  t.step = 'saving the new event';
  await clickOk(page, page.getByRole('button', { name: 'Save event', exact: true }), '"Save event"');
  if (!/\/staff\/events\/\d+$/.test(new URL(page.url()).pathname)) fail(`after "Save event" the browser is at ${page.url()}, expected /staff/events/{id}`);
  state.urls.staffEvent = page.url();
  t.notes.push(`new event: ${page.url()} at venue "${venues[1]}"`);

  const pro = { title: `Ending demand: training ${stamp}`, audience: 'Professional training', sectors: ['Law enforcement', 'Medical'], capacity: 40, ce: 4, starts: `${STOP_DAY}T09:00`, ends: `${STOP_DAY}T13:00` };
  const pub = { title: `Community conversation ${stamp}`, audience: 'Public session', sectors: [], starts: `${STOP_DAY}T18:30`, ends: `${STOP_DAY}T20:00` };
  await addSession(page, t, pro, 'desktop-staff-session-form');
  await addSession(page, t, pub);
  await shot(page, 'desktop-staff-event');

  t.step = 'following the first "Roster" link on the event page';
  await clickOk(page, page.getByRole('link', { name: 'Roster', exact: true }), '"Roster" link');
  state.urls.staffRoster = page.url();
  await shot(page, 'desktop-staff-roster-new-session');

  // A new event is a draft: nowhere public until it is published.
  t.step = 'checking the draft is not on the public home page';
  await gotoOk(page, `${server.url}/`);
  if (await page.locator('a.event-link', { hasText: title }).count() !== 0) fail(`the draft "${title}" is on the public home page before it was published`);
  t.step = 'publishing the new stop from its event page';
  await gotoOk(page, state.urls.staffEvent);
  await clickOk(page, page.getByRole('button', { name: 'Publish', exact: true }), '"Publish" button');
  t.step = 'finding the new stop on the public home page';
  await gotoOk(page, `${server.url}/`);
  const link = page.locator('a.event-link', { hasText: title });
  if (await link.count() !== 1) fail(`${await link.count()} a.event-link elements contain "${title}" on the home page (links: ${JSON.stringify((await page.locator('a.event-link').allInnerTexts()).map(oneLine))})`);
  t.step = 'following the new stop\'s a.event-link';
  await clickOk(page, link, `a.event-link "${title}"`);
  await shot(page, 'desktop-new-stop-event');
  const nSess = await page.locator('section.session').count();
  if (nSess !== 2) fail(`the public event page ${page.url()} has ${nSess} section.session elements, expected 2`);
  // Times are entered and shown in the venue's zone (every demo venue is in Montana).
  for (const [s, from, to] of [[pro, '9:00 AM', '1:00 PM'], [pub, '6:30 PM', '8:00 PM']]) {
    const sec = page.locator('section.session', { hasText: s.title });
    if (await sec.count() !== 1) fail(`no section.session containing "${s.title}" on ${page.url()}`);
    const reg = sec.locator('a.register');
    if (await reg.count() !== 1) fail(`the section.session "${s.title}" has no a.register link${await sec.locator('.reg-state').count() ? ` (registration: "${oneLine(await sec.locator('.reg-state').first().innerText())}")` : ''}`);
    const regText = oneLine(await reg.innerText());
    if (!/^Register\b/.test(regText)) fail(`the a.register link of "${s.title}" reads "${regText}", expected "Register..."`);
    const text = oneLine(await sec.innerText());
    if (!text.includes(from) || !text.includes(to)) fail(`the section.session "${s.title}" does not show ${from} – ${to}: "${text.slice(0, 300)}"`);
  }
  const proText = oneLine(await page.locator('section.session', { hasText: pro.title }).innerText());
  if (!/\b40 of 40\b/.test(proText)) t.notes.push(`professional session does not show "40 of 40" places: "${proText.slice(0, 300)}"`);
}

async function staffPagesTest(t) {
  if (!state.staffCookies.length) fail('skipped: no coordinator sign-in (the coordinator test did not sign in)');
  const ctx = await newContext(t, VIEWPORTS.desktop);
  await ctx.addCookies(state.staffCookies);
  const page = await ctx.newPage();
  watchPage(page, t);
  // A roster with people on it: the Whitefish training has confirmed and waitlisted registrants.
  t.step = 'opening the Whitefish training roster from the staff home';
  await gotoOk(page, `${server.url}/staff`);
  const row = page.locator('tr', { hasText: 'Ending Demand: Whitefish' });
  await clickOk(page, row.getByRole('link', { name: 'Roster', exact: true }), '"Roster" link in the Whitefish row');
  const rows = await page.locator('table.roster tbody tr').count();
  state.urls.staffRosterFull = page.url();
  await shot(page, 'desktop-staff-roster');
  if (rows === 0) fail(`the roster ${page.url()} has no rows`);
  for (const [p, name] of [['/staff/places', 'places'], ['/staff/users', 'users'], ['/staff/audit', 'audit']]) {
    t.step = `opening ${p}`;
    await gotoOk(page, server.url + p);
    await shot(page, `desktop-staff-${name}`);
  }
  // The coordinator test's changes are in the log.
  const audit = oneLine(await page.locator('main').innerText());
  if (state.urls.staffEvent && !/event\.add/.test(audit)) fail('the audit log does not show the event.add made by the coordinator test');
}

async function invalidSessionTest(t) {
  const ctx = await newContext(t, VIEWPORTS.desktop);
  const page = await ctx.newPage();
  watchPage(page, t);
  await signIn(page, t, 'kat');
  let url = state.urls.staffSession;
  if (!url) {
    url = `${server.url}/staff/events/1/sessions/new`;
    t.notes.push(`the coordinator test did not reach a session form; using ${url}`);
  }
  await gotoOk(page, url);
  const bad = { title: `Backwards ${stamp}`, audience: 'Public session', sectors: [], starts: `${STOP_DAY}T20:00`, ends: `${STOP_DAY}T18:30` };
  await fillSession(page, t, bad);
  t.step = 'submitting a session that ends before it starts';
  const resp = await clickAndWait(page, page.getByRole('button', { name: 'Save session', exact: true }));
  if (!resp) fail('no response after submitting the invalid session');
  await shot(page, 'desktop-staff-session-errors');
  const st = resp.status();
  if (st !== 422) fail(`a session ending before it starts answered HTTP ${st} to ${resp.request().method()} ${page.url()}, expected 422${await headline(page)}`);
  const errs = (await page.locator('.field-error').allInnerTexts()).map(oneLine);
  if (errs.length === 0) fail('no .field-error elements on the page');
  t.notes.push(`field errors: ${JSON.stringify(errs)}`);
  const where = await errorPlacement(page, ['ends_at', 'starts_at', 'title']);
  if (where.ends_at === 'none' || where.ends_at === 'missing field') fail(`no .field-error next to "Ends" (ends_at: ${where.ends_at})`);
  if (where.starts_at !== 'none' || where.title !== 'none') t.notes.push(`valid fields also show a .field-error: starts_at=${where.starts_at} title=${where.title}`);
  const kept = await page.locator('[name="ends_at"]').inputValue();
  if (kept !== bad.ends) fail(`Ends holds ${JSON.stringify(kept)} after the error, expected the entered ${JSON.stringify(bad.ends)}`);
}

async function partnerTest(t) {
  const ctx = await newContext(t, VIEWPORTS.desktop);
  const page = await ctx.newPage();
  watchPage(page, t);
  await signIn(page, t, 'whitefish');
  t.step = 'opening /staff/events/1 (Helena, hosted by the task force only)';
  const r = await page.goto(`${server.url}/staff/events/1`, { waitUntil: 'load' });
  if (!r) fail('no response for /staff/events/1');
  if (r.status() !== 403) fail(`GET /staff/events/1 as whitefish answered HTTP ${r.status()}, expected 403${await headline(page)}`);
  t.notes.push(`403 page says: ${oneLine(await page.locator('h1').first().innerText().catch(() => '?'))}`);
  // Control: the Whitefish stop is co-hosted by Soroptimist International of Whitefish, so the partner may edit it.
  t.step = 'opening /staff/events/3 (Whitefish, co-hosted by the partner)';
  const r3 = await page.goto(`${server.url}/staff/events/3`, { waitUntil: 'load' });
  if (!r3 || r3.status() !== 200) fail(`GET /staff/events/3 (co-hosted by Whitefish) as whitefish answered HTTP ${r3 ? r3.status() : 'nothing'}, expected 200`);
}

// ---------------------------------------------------------------- live Q&A

const HOTLINE = '1-888-373-7888';

// The Missoula public session's join code and id, from the public API.
async function qaSession(t) {
  if (state.qa) return state.qa;
  t.step = 'finding the Missoula public session in GET /api/v1/events';
  const r = await fetch(`${server.url}/api/v1/events`, { signal: AbortSignal.timeout(ACTION_TIMEOUT_MS) });
  if (r.status !== 200) fail(`GET /api/v1/events answered HTTP ${r.status}`);
  const { events } = await r.json();
  const now = Date.now();
  const missoula = (events || []).filter((e) => /Missoula/.test(`${e.title} ${e.city}`) && Date.parse(e.ends_at) > now);
  for (const e of missoula) {
    const s = (e.sessions || []).find((x) => x.audience === 'public' && x.join_code);
    if (s) {
      state.qa = { code: s.join_code, sessionId: s.id };
      state.urls.qa = `${server.url}/qa/${s.join_code}`;
      state.urls.staffQa = `${server.url}/staff/qa/${s.id}`;
      t.notes.push(`Q&A: code ${s.join_code}, session ${s.id} (${e.title})`);
      return state.qa;
    }
  }
  fail(`no upcoming Missoula event with a public session and a join_code in /api/v1/events (events: ${JSON.stringify((events || []).map((e) => `${e.id} ${e.title}`))})`);
}

// Opens the participant page on a phone; resolves once its event stream is connected.
async function openQa(t, ctx) {
  const { code } = await qaSession(t);
  const page = await ctx.newPage();
  watchPage(page, t);
  t.step = `opening the participant page /qa/${code} on a phone`;
  await gotoOk(page, `${server.url}/qa/${code}`);
  return page;
}

// Types a question into the participant form and sends it; ends on the page the server redirects to.
async function askQuestion(page, t, text) {
  t.step = `asking "${text}" through the form on ${page.url()}`;
  const box = await byLabel(page, 'Your question', 'text', t);
  await box.fill(text);
  const send = page.getByRole('button', { name: 'Send question', exact: true });
  if (await send.count() !== 1) fail(`no single "Send question" button on ${page.url()}`);
  const resp = await clickAndWait(page, send);
  if (!resp || resp.status() !== 200) fail(`sending the question answered HTTP ${resp ? resp.status() : 'nothing'} at ${page.url()}${await headline(page)}`);
}

async function qaLiveTest(t) {
  const { code, sessionId } = await qaSession(t);
  const text = `Where can a teacher learn the warning signs? (${stamp})`;

  // The participant, on a phone.
  const pctx = await newContext(t, VIEWPORTS.phone);
  const phone = await openQa(t, pctx);
  // The page after sending opens its own EventSource; its response (headers) means it is subscribed.
  const streamPath = `/api/v1/qa/${code}/stream`;
  const subscribed = phone.waitForResponse((r) => new URL(r.url()).pathname === streamPath && /[?&]asked=/.test(r.request().frame().url()), { timeout: 20_000 }).catch(() => null);
  await askQuestion(phone, t, text);
  const mine = oneLine(await phone.locator('main').innerText());
  if (!mine.includes(text)) fail(`after asking, the participant page does not list the question under "Your questions": "${mine.slice(0, 300)}"`);
  if (await phone.locator('#questions li.question', { hasText: stamp }).count() !== 0) fail('the question is on the screen (#questions) before a moderator approved it');
  t.step = 'waiting for the participant page\'s event stream to connect';
  const streamUrl = await phone.locator('#questions').getAttribute('data-stream');
  // The stream starts where the page read its list: ?after= the change it was up to date with.
  if (!new RegExp(`^${streamPath}\\?after=[0-9]+$`).test(streamUrl || '')) fail(`#questions has data-stream="${streamUrl}", expected ${streamPath}?after=N`);
  const sr = await subscribed;
  if (!sr) fail(`the participant page opened no event stream at ${streamPath}`);
  if (sr.status() !== 200) fail(`the participant page's event stream answered HTTP ${sr.status()}`);
  // From here on the page must not navigate: a marker on window, and a count of main-frame navigations.
  const askedUrl = phone.url();
  await phone.evaluate(() => { window.__qaNoReload = 'still here'; });
  let navigations = 0;
  phone.on('framenavigated', (f) => { if (f === phone.mainFrame()) navigations++; });

  // The moderator, at a desk.
  const mctx = await newContext(t, VIEWPORTS.desktop);
  const desk = await mctx.newPage();
  watchPage(desk, t);
  await signIn(desk, t, 'moderator');
  state.modCookies = await mctx.cookies();
  t.step = `opening the moderation page /staff/qa/${sessionId}`;
  await gotoOk(desk, `${server.url}/staff/qa/${sessionId}`);
  t.step = 'reloading the moderation page';
  const rr = await desk.reload({ waitUntil: 'load' });
  if (!rr || rr.status() !== 200) fail(`reloading /staff/qa/${sessionId} answered HTTP ${rr ? rr.status() : 'nothing'}`);
  const card = desk.locator('li.question', { hasText: stamp });
  if (await card.count() !== 1) fail(`${await card.count()} li.question elements on the moderation page contain the question (texts: ${JSON.stringify((await desk.locator('li.question .q-text').allInnerTexts()).map(oneLine).slice(0, 10))})`);
  // The moderator starts fixing a typo in the waiting question, and leaves the text half typed.
  const cardId = await card.getAttribute('data-id');
  if (!cardId) fail('the question\'s card on the moderation page has no data-id');
  const mcard = desk.locator(`li.question[data-id="${cardId}"]`);
  await desk.evaluate(() => { window.__modNoReload = 'still here'; });
  let modNavigations = 0;
  desk.on('framenavigated', (f) => { if (f === desk.mainFrame()) modNavigations++; });
  t.step = 'opening "Fix a typo" on the question and typing';
  await mcard.locator('summary', { hasText: 'Fix a typo' }).click();
  const typo = mcard.locator('textarea[name="text"]');
  const typed = `${text} (fixed by the moderator, half typed)`;
  await typo.fill(typed);
  // A second question arrives while they type: it appears by itself, with the count.
  const text2 = `Who do I call if I see something at work? (${stamp})`;
  t.step = 'asking a second question from another phone';
  const phone2 = await openQa(t, await newContext(t, VIEWPORTS.phone));
  await askQuestion(phone2, t, text2);
  t.step = 'waiting for the second question on the moderation page, without a reload';
  const card2 = desk.locator('#list-pending li.question', { hasText: text2 });
  try {
    await card2.waitFor({ state: 'visible', timeout: 20_000 });
  } catch {
    fail(`the new question did not appear by itself on the moderation page (waiting: ${JSON.stringify((await desk.locator('#list-pending li .q-text').allInnerTexts()).map(oneLine))})`);
  }
  const waiting = oneLine(await desk.locator('#mod-waiting').innerText());
  if (!/^\d+ questions? waiting$/.test(waiting) || Number(waiting.split(' ')[0]) < 2) fail(`the waiting count reads "${waiting}", expected at least 2 questions waiting`);
  if (await typo.inputValue() !== typed) fail(`what the moderator was typing changed to "${await typo.inputValue()}" when a question arrived`);
  // Hiding the other question keeps the typing too, and moves it to Hidden.
  t.step = 'hiding the second question while the typo fix is still open';
  await card2.getByRole('button', { name: 'Hide', exact: true }).click();
  try {
    await desk.locator('#list-hidden li.question', { hasText: text2 }).waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    fail('after "Hide" the second question did not move to "Hidden" on the moderation page');
  }
  if (await typo.inputValue() !== typed) fail(`what the moderator was typing changed to "${await typo.inputValue()}" after hiding another question`);
  await shot(desk, 'desktop-staff-qa-live');
  // Done typing: put the text back unchanged and approve.
  await typo.fill(text);
  await mcard.locator('summary', { hasText: 'Fix a typo' }).click();
  t.step = 'approving the question';
  await mcard.getByRole('button', { name: 'Approve', exact: true }).click();
  try {
    await desk.locator('#list-approved li.question', { hasText: text }).waitFor({ state: 'visible', timeout: 10_000 });
  } catch {
    fail('after "Approve" the question did not move to "On the screen" on the moderation page');
  }
  if (await desk.evaluate(() => window.__modNoReload) !== 'still here' || modNavigations !== 0) fail('the moderation page reloaded during the evening');
  await shot(desk, 'desktop-staff-qa');

  // The participant's page shows it, without navigating.
  t.step = 'waiting for the approved question to appear in #questions on the participant page';
  const item = phone.locator('#questions li.question', { hasText: stamp });
  try {
    await item.waitFor({ state: 'visible', timeout: 20_000 });
  } catch {
    fail(`the approved question did not appear in #questions on the participant page (items: ${JSON.stringify((await phone.locator('#questions li').allInnerTexts()).map(oneLine).slice(0, 10))})`);
  }
  const marker = await phone.evaluate(() => window.__qaNoReload);
  if (marker !== 'still here') fail('the participant page was reloaded (the marker on window is gone)');
  if (navigations !== 0) fail(`the participant page navigated ${navigations} time(s) while waiting`);
  if (phone.url() !== askedUrl) fail(`the participant page moved from ${askedUrl} to ${phone.url()}`);
  const itemText = oneLine(await item.innerText());
  if (!itemText.includes(text)) fail(`the inserted item reads "${itemText}", expected the question's text`);
  if (await item.getByRole('button', { name: /Vote/ }).count() !== 1) t.notes.push('the inserted question has no Vote button');
  await shot(phone, 'phone-qa');
  // Voting: back at the question, clear of the sticky hotline bar, with a sign that it counted.
  t.step = 'voting for the question on the phone';
  await clickOk(phone, item.getByRole('button', { name: /Vote/ }), '"Vote" button on the question');
  const votedItem = phone.locator('#questions li.question', { hasText: stamp });
  const votedText = oneLine(await votedItem.innerText());
  if (!/You voted/.test(votedText)) fail(`after voting the question shows no sign of it: "${votedText}"`);
  if (!/\b1 vote\b/.test(votedText) || /\b1 votes\b/.test(votedText)) fail(`after one vote the question reads "${votedText}", expected "1 vote"`);
  const pos = await phone.evaluate((id) => {
    const bar = document.querySelector('.safety').getBoundingClientRect();
    const li = document.getElementById(id).getBoundingClientRect();
    return { bar: bar.bottom, top: li.top };
  }, `q-${await votedItem.getAttribute('data-id')}`);
  if (pos.top < pos.bar) fail(`after voting the question's top (${pos.top} px) is under the sticky hotline bar (to ${pos.bar} px)`);
  await shot(phone, 'phone-qa-voted');

  // The presenter screen shows it, with the code and a QR code.
  const sctx = await newContext(t, { viewport: { width: 1920, height: 1080 } });
  const screen = await sctx.newPage();
  watchPage(screen, t);
  t.step = 'opening the presenter screen';
  await gotoOk(screen, `${server.url}/qa/${code}/present`);
  if (await screen.locator('svg.qr').count() !== 1) fail('no svg.qr on the presenter screen');
  if (!oneLine(await screen.locator('body').innerText()).includes(code)) fail(`the presenter screen does not show the code ${code}`);
  if (await screen.locator('#questions li.question', { hasText: stamp }).count() !== 1) fail('the approved question is not on the presenter screen');
  // A projector at 1080p, read from the back of the room.
  t.step = 'measuring the presenter screen at 1920x1080';
  const m = await screen.evaluate(() => {
    const px = (e) => (e ? parseFloat(getComputedStyle(e).fontSize) : 0);
    const rect = (e) => (e ? e.getBoundingClientRect() : { width: 0, height: 0, bottom: 0 });
    const bg = getComputedStyle(document.body).backgroundColor.match(/\d+/g).map(Number);
    const line = document.querySelector('.join-line');
    const help = document.querySelector('footer.screen-help');
    return {
      q: Math.min(...[...document.querySelectorAll('#questions li.question .q-text')].map(px)),
      hotline: px(help && help.querySelector('p')),
      hotlineText: help ? help.innerText : '',
      hotlineBottom: rect(help).bottom,
      chrome: document.querySelectorAll('header.site, footer.site, #quick-exit, .safety, .staff-nav').length,
      bg,
      lineHeight: rect(line).height, lineFont: px(line), lineText: line ? line.innerText : '',
      lineFits: line ? line.scrollWidth <= line.clientWidth : false,
      qr: rect(document.querySelector('svg.qr')).width,
    };
  });
  if (m.q < 48) fail(`the question text on the presenter screen is ${m.q} px at 1080p, expected at least 48`);
  if (m.hotline < 28) fail(`the hotline on the presenter screen is ${m.hotline} px at 1080p, expected at least 28`);
  if (!m.hotlineText.includes(HOTLINE)) fail(`the presenter screen does not show the hotline ${HOTLINE}: "${m.hotlineText}"`);
  if (m.hotlineBottom > 1080) fail(`the hotline ends at ${m.hotlineBottom} px, below the 1080 px screen`);
  if (m.chrome !== 0) fail(`the presenter screen has ${m.chrome} pieces of the site's chrome (header, footer, quick exit, banner)`);
  if (m.bg.slice(0, 3).some((c) => c > 40)) fail(`the presenter screen's background is rgb(${m.bg.join(',')}), expected a dark theme`);
  if (!m.lineText.includes(code) || m.lineHeight > m.lineFont * 1.6 || !m.lineFits) fail(`the join address and code are not on one line: "${m.lineText}" (${m.lineHeight} px high at ${m.lineFont} px, fits: ${m.lineFits})`);
  if (m.qr < 500) fail(`the QR code is ${m.qr} px wide at 1080p, expected at least 500 (to scan from 10 m)`);
  await screen.screenshot({ path: path.join(OUT, 'desktop-qa-present.png') });
}

async function qaDisclosureTest(t) {
  const ctx = await newContext(t, VIEWPORTS.phone);
  const page = await openQa(t, ctx);
  const text = `he takes my money and I can't leave (${stamp})`;
  await askQuestion(page, t, text);
  const note = page.locator('.private-note');
  if (await note.count() !== 1) fail(`no .private-note on ${page.url()} after asking a disclosure`);
  if (!await note.isVisible()) fail('the .private-note is not visible');
  const noteText = oneLine(await note.innerText());
  if (!noteText.includes(HOTLINE)) fail(`the private note does not give ${HOTLINE}: "${noteText}"`);
  if (await note.locator(`a[href="tel:+18883737888"]`).count() !== 1) t.notes.push('the hotline number in the note is not a tel: link');
  if (await page.locator('#questions li.question', { hasText: 'takes my money' }).count() !== 0) fail('the disclosure is on the screen (#questions)');
  await shot(page, 'phone-qa-disclosure');
  // Anyone else (another browser) sees neither the note nor the text at the same address.
  const other = await newContext(t, VIEWPORTS.phone);
  const p2 = await other.newPage();
  await gotoOk(p2, page.url());
  if (await p2.locator('.private-note').count() !== 0) fail(`another browser at ${page.url()} sees the private note`);
  if ((await p2.content()).includes('takes my money')) fail(`another browser at ${page.url()} sees the disclosure's text`);
}

// Quick exit: Shift three times leaves; Escape and Shift while typing do
// not; the presenter screen has none (it would throw the projector away).
async function quickExitTest(t) {
  const ctx = await newContext(t, VIEWPORTS.phone);
  const page = await ctx.newPage();
  await page.route('https://www.weather.gov/**', (r) => r.fulfill({ status: 200, contentType: 'text/html', body: '<p>away</p>' }));
  watchPage(page, t);
  const url = `${server.url}/events/1`;
  await gotoOk(page, url);
  if (await page.locator('#quick-exit').count() !== 1) fail('no #quick-exit button on the event page');
  if (!oneLine(await page.locator('body').innerText()).includes('Shift three times')) fail('the page does not explain the Shift shortcut');
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  if (page.url() !== url) fail(`Escape left the page for ${page.url()}`);
  const field = page.locator('input, textarea').first();
  if (await field.count() === 1) {
    await field.focus();
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    await page.waitForTimeout(300);
    if (page.url() !== url) fail(`Shift three times while typing left the page for ${page.url()}`);
    await page.locator('body').click({ position: { x: 1, y: 1 } }).catch(() => {});
  }
  await gotoOk(page, url);
  for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
  await page.waitForURL(/weather\.gov/, { timeout: 5000 }).catch(() => {});
  if (!page.url().includes('weather.gov')) fail(`Shift three times did not leave (still at ${page.url()})`);
  if (!state.qa) fail('skipped: no Q&A join code (the live Q&A test did not reach it)');
  const code = state.qa.code;
  const screen = await ctx.newPage();
  await gotoOk(screen, `${server.url}/qa/${code}/present`);
  if (await screen.locator('#quick-exit').count() !== 0) fail('the presenter screen has a quick exit');
}

// Spanish: a phone set to Spanish gets Spanish pages; the switch is a plain link that also works
// without script and holds on the next page; a question card the script rebuilds from the event
// stream (after someone else's vote) says its words in Spanish too.
async function spanishTest(t) {
  const plain = await newContext(t, { ...VIEWPORTS.phone, locale: 'es-MX', javaScriptEnabled: false });
  const page = await plain.newPage();
  watchPage(page, t);
  t.step = 'opening the home page on a Spanish phone without script';
  await gotoOk(page, `${server.url}/`);
  if (await page.getAttribute('html', 'lang') !== 'es') fail(`<html lang="${await page.getAttribute('html', 'lang')}"> on a Spanish phone`);
  const body = oneLine(await page.locator('body').innerText());
  if (!body.includes('Salida rápida') || !body.includes('Próximas capacitaciones')) fail(`the home page is not in Spanish: "${body.slice(0, 200)}"`);
  t.step = 'following the switch to English';
  const en = page.getByRole('link', { name: 'English', exact: true });
  if (await en.count() !== 1) fail('no single "English" link in the language switch');
  await clickAndWait(page, en);
  if (await page.getAttribute('html', 'lang') !== 'en') fail('the English link did not give an English page');
  await gotoOk(page, `${server.url}/calendar`);
  if (await page.getAttribute('html', 'lang') !== 'en') fail('the choice of English did not hold on the next page');
  await shot(page, 'phone-switched-to-english');

  const { code } = await qaSession(t);
  const sctx = await newContext(t, { ...VIEWPORTS.phone, locale: 'es-MX' });
  // With script, what was typed comes along through the switch (in a context of its own: the
  // switch leaves an English cookie behind).
  const form = await (await newContext(t, { ...VIEWPORTS.phone, locale: 'es-MX' })).newPage();
  watchPage(form, t);
  t.step = 'typing into the registration form, then switching to English';
  await gotoOk(form, need('form', 'registration form'));
  await form.fill('input[name="name"]', 'José Ñúñez');
  await clickAndWait(form, form.getByRole('link', { name: 'English', exact: true }));
  if (await form.getAttribute('html', 'lang') !== 'en') fail('the switch on the form did not give English');
  const kept = await form.inputValue('input[name="name"]');
  if (kept !== 'José Ñúñez') fail(`the name typed before switching language was not kept (the field holds "${kept}")`);
  const phone = await sctx.newPage();
  watchPage(phone, t);
  const streamPath = `/api/v1/qa/${code}/stream`;
  const subscribed = phone.waitForResponse((r) => new URL(r.url()).pathname === streamPath, { timeout: 20_000 }).catch(() => null);
  t.step = `opening /qa/${code} on a Spanish phone`;
  await gotoOk(phone, `${server.url}/qa/${code}`);
  if (!(await subscribed)) fail('the Spanish Q&A page opened no event stream');
  const cards = phone.locator('#questions li.question');
  if (await cards.count() === 0) fail('skipped: no approved question on the screen (the live Q&A test did not approve one)');
  const id = await cards.first().getAttribute('data-id');
  await phone.evaluate((qid) => { document.querySelector(`#questions li[data-id="${qid}"]`).dataset.old = '1'; }, id);
  t.step = `voting for question ${id} from another phone`;
  const other = await (await newContext(t, VIEWPORTS.phone)).newPage();
  await gotoOk(other, `${server.url}/qa/${code}`);
  const vote = other.locator(`#q-${id} form.vote button`);
  if (await vote.count() !== 1) fail(`no vote button on question ${id} for a new participant`);
  await clickAndWait(other, vote);
  t.step = 'waiting for the Spanish page to rebuild the card from the stream';
  const fresh = phone.locator(`#questions li[data-id="${id}"]:not([data-old])`);
  await fresh.waitFor({ timeout: 10_000 }).catch(() => fail('the vote did not reach the Spanish phone within 10 s'));
  const words = oneLine(await fresh.innerText());
  if (!/\bvotos?\b/.test(words) || /\bvotes?\b/.test(words)) fail(`the rebuilt card is not in Spanish: "${words}"`);
  if (!/Votar|Votó/.test(words)) fail(`the rebuilt card has no Spanish vote button or sign: "${words}"`);
  await shot(phone, 'phone-qa-spanish');
}

// ---------------------------------------------------------------- runner

const tests = [];
const test = (name, fn, timeout = TEST_TIMEOUT_MS) => tests.push({ name, fn, timeout });

let serverError = null;
let serverDb = null;
test('server starts and prints its URL', async (t) => {
  // started before the runner; this test just reports it
  if (serverError) fail(serverError);
  t.notes.push(`server: ${server.url}`);
});
test('desktop: register for the Missoula professional training', (t) => flowTest(t, 'desktop'));
test('phone: register for the Missoula professional training', (t) => flowTest(t, 'phone'));
test('desktop: invalid registration shows field errors and keeps input', (t) => invalidTest(t, 'desktop'));
test('phone: invalid registration shows field errors and keeps input', (t) => invalidTest(t, 'phone'));
test(`phone: no horizontal scrolling at ${PHONE_WIDTH} px`, (t) => phoneLayoutTest(t));
test('phone: cancel the registration from the ticket page', async (t) => {
  const url = need('phoneTicket', 'phone ticket');
  const ctx = await newContext(t, VIEWPORTS.phone);
  const page = await ctx.newPage();
  watchPage(page, t);
  await gotoOk(page, url);
  const resp = await clickAndWait(page, page.getByRole('button', { name: 'Cancel my registration' }));
  if (!resp || resp.status() !== 200) fail(`cancelling answered HTTP ${resp ? resp.status() : 'nothing'}${await headline(page)}`);
  const text = oneLine(await page.locator('.ticket-status').first().innerText());
  await shot(page, 'phone-ticket-cancelled');
  if (!text.includes('Cancelled')) fail(`.ticket-status is "${text}" after cancelling, expected "Cancelled"`);
});
for (const [key, label] of [['home', 'home page'], ['event', 'event page'], ['form', 'registration form'], ['form-errors', 'registration form with errors'], ['ticket', 'ticket page']]) {
  test(`axe: ${label}`, (t) => axeTest(t, key));
}
for (const [key, label] of [['home', 'home page'], ['event', 'event page'], ['form', 'registration form'], ['form-errors', 'registration form with errors'], ['ticket', 'ticket page']]) {
  test(`tidy: ${label}`, (t) => tidyTest(t, key));
}
test('coordinator: create a new stop with two sessions and find it on the home page', (t) => coordinatorTest(t), 60_000);
test('coordinator: roster, places, staff and audit pages', (t) => staffPagesTest(t));
test('coordinator: invalid session shows field errors', (t) => invalidSessionTest(t));
test('partner: cannot edit another organisation\'s event', (t) => partnerTest(t));
test('Q&A: a moderator\'s approval appears on the participant\'s page without a reload', (t) => qaLiveTest(t), 60_000);
test('Q&A: a disclosure shows the private note with the hotline', (t) => qaDisclosureTest(t));
test('Spanish: pages, the switch without script, and a card rebuilt from the stream', (t) => spanishTest(t), 60_000);
test('quick exit: Shift three times leaves, Escape does not, none on the presenter screen', (t) => quickExitTest(t));
test('axe: Q&A participant page', (t) => axeTest(t, 'qa', []));
test('axe: Q&A moderation page', (t) => {
  if (!state.modCookies.length) fail('skipped: no moderator sign-in (the Q&A test did not sign in)');
  return axeTest(t, 'staffQa', state.modCookies);
});
test('tidy: Q&A participant page', (t) => tidyTest(t, 'qa', []));
const STAFF_PAGES = [['staffHome', 'home'], ['staffEvent', 'event form'], ['staffSession', 'session form']];
const signedIn = () => {
  if (!state.staffCookies.length) fail('skipped: no coordinator sign-in cookie (the coordinator test did not sign in)');
  return state.staffCookies;
};
const loginPage = () => { state.urls.staffLogin = `${server.url}/staff/login`; return 'staffLogin'; };
for (const [key, label] of STAFF_PAGES) test(`axe: staff ${label}`, (t) => axeTest(t, key, signedIn()));
test('axe: staff sign-in', (t) => axeTest(t, loginPage(), []));
test('tidy: staff sign-in', (t) => tidyTest(t, loginPage(), []));
for (const [key, label] of STAFF_PAGES) test(`tidy: staff ${label}`, (t) => tidyTest(t, key, signedIn()));
test('Nu HTML Checker: public and staff pages', async (t) => {
  // An API token, so the staff page lists one with its revoke form.
  t.step = 'issuing an API token for kat';
  const tok = spawnSync(CONVENE, ['user', 'token', 'kat', '--db', serverDb], { encoding: 'utf8', timeout: 15_000 });
  if (tok.status !== 0) fail(`convene user token kat: ${oneLine(`${tok.stdout}${tok.stderr}`)}`);
  for (const p of ['places', 'users', 'audit', 'reports']) state.urls[`staff_${p}`] = `${server.url}/staff/${p}`;
  state.urls.calendar = `${server.url}/calendar`;
  state.urls.qaJoin = `${server.url}/qa`;
  state.urls.verify = `${server.url}/verify`;
  const pub = [['home', 'home page'], ['event', 'event page'], ['form', 'registration form'], ['form-errors', 'registration form with errors'],
    ['ticket', 'ticket page'], ['calendar', 'calendar'], ['qaJoin', 'Q&A join page'], ['verify', 'verification form'], [loginPage(), 'staff sign-in']]
    .map(([k, l]) => [k, l, k === 'ticket' || k === 'form-errors' ? state.cookies : []]);
  if (state.urls.qa) pub.push(['qa', 'Q&A participant page', []]);
  const staff = [['staffHome', 'staff home'], ['staffEvent', 'staff event'], ['staffSession', 'staff session form'],
    ['staffRoster', 'roster of a new session'], ['staffRosterFull', 'roster with registrants'],
    ['staff_places', 'places and people'], ['staff_users', 'staff accounts'], ['staff_audit', 'audit log'], ['staff_reports', 'reports']]
    .filter(([k]) => state.urls[k]).map(([k, l]) => [k, l, signedIn()]);
  if (state.urls.staffQa && state.modCookies.length) staff.push(['staffQa', 'moderation page', state.modCookies]);
  await vnuTest(t, [...pub, ...staff]);
}, 150_000);

async function runOne(tc) {
  const t = { contexts: [], notes: [], step: '' };
  let timer;
  let err = null;
  try {
    if (serverError && !tc.name.startsWith('server')) fail('skipped: server not running');
    if (!browser && !tc.name.startsWith('server') && !tc.name.startsWith('tidy') && !tc.name.startsWith('phone: no')) fail('skipped: browser did not start');
    await Promise.race([
      tc.fn(t),
      new Promise((_, rej) => { timer = setTimeout(() => rej(new Failure(`timed out after ${tc.timeout / 1000} s`)), tc.timeout); }),
    ]);
  } catch (e) {
    err = e;
  } finally {
    clearTimeout(timer);
    await Promise.all(t.contexts.map((c) => c.close().catch(() => {})));
  }
  if (err) {
    let reason = err instanceof Failure ? err.message : String(err.message || err).split('\n')[0].replace(/\s*=+ logs =+.*$/s, '').slice(0, 400);
    if (!(err instanceof Failure) && t.step) reason = `while ${t.step}: ${reason}`;
    console.log(`not ok - ${tc.name}: ${reason}`);
    results.push(false);
  } else {
    console.log(`ok - ${tc.name}`);
    results.push(true);
  }
  for (const n of t.notes) note(n);
}

async function main() {
  fs.mkdirSync(OUT, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'convene-browser-'));
  const watchdog = setTimeout(async () => {
    console.log(`# global timeout (${GLOBAL_TIMEOUT_MS / 1000} s) reached; aborting`);
    await stopServer().catch(() => {});
    const n = results.filter(Boolean).length;
    console.log(`${n} passed, ${tests.length - n} failed`);
    process.exit(1);
  }, GLOBAL_TIMEOUT_MS);
  watchdog.unref();
  try {
    try {
      await startServer(tmp);
    } catch (e) {
      serverError = e.message;
    }
    if (!serverError) {
      try {
        browser = await chromium.launch({
          executablePath: CHROMIUM,
          headless: true,
          timeout: 30_000,
          args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
        });
      } catch (e) {
        console.log(`# cannot launch chromium: ${oneLine(e.message).slice(0, 400)}`);
      }
    }
    for (const tc of tests) await runOne(tc);
  } finally {
    if (browser) await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 10_000))]);
    const ex = await stopServer().catch(() => null);
    if (server && (serverError || results.includes(false))) {
      console.log('# last server output:');
      for (const l of server.log.slice(-25)) note(l);
    }
    if (ex && ex.code !== 0 && ex.code !== null) console.log(`# note: server exited with status ${ex.code} after SIGTERM`);
    if (!process.env.KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
    else console.log(`# temp dir kept: ${tmp}`);
    clearTimeout(watchdog);
  }
  const passed = results.filter(Boolean).length;
  const failed = tests.length - passed;
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

main().catch((e) => {
  console.log(`# internal error: ${e.stack || e}`);
  if (server && server.running) killServer('SIGTERM');
  const passed = results.filter(Boolean).length;
  console.log(`${passed} passed, ${tests.length - passed} failed`);
  process.exit(1);
});
