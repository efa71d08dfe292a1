// Browser tests: real headless Chromium (Debian's) drives Lantern's drop-in widget on a host page
// of another origin with a strict CSP, and the search page with JavaScript off. Screenshots go to
// LANTERN_ARTIFACTS. Run by ctest (tests/CMakeLists.txt) after scripts/test installs playwright-core.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

const env = (name) => { const v = process.env[name]; assert.ok(v, `${name} must be set`); return v; };
const INDEX = env('LANTERN_INDEX_BIN'), SEARCH = env('LANTERN_SEARCH_BIN'), CORPUS = env('LANTERN_CORPUS');
const PAYLOAD = env('LANTERN_PAYLOAD'), ARTIFACTS = env('LANTERN_ARTIFACTS');

let dir, lantern, lanternOrigin, host, hostOrigin, browser;

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

function startLantern(db, allowOrigin) {
  return new Promise((resolve, reject) => {
    const child = spawn(SEARCH, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--allow-origin', allowOrigin]);
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m) resolve({ child, origin: `http://127.0.0.1:${m[1]}` });
    });
    child.on('exit', (code) => reject(new Error(`lantern-search serve exited ${code}`)));
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'lantern-browser-'));
  mkdirSync(ARTIFACTS, { recursive: true });
  const build = spawnSync(INDEX, ['build', '--db', join(dir, 'index'), '--quiet', '--url-base', 'https://riverbend.example/',
    '--thesaurus', join(CORPUS, 'thesaurus'), '--safety-panel', join(CORPUS, 'safety-panel.toml'), CORPUS, PAYLOAD]);
  assert.equal(build.status, 0, String(build.stderr));
  // The host page: another origin, whose CSP allows scripts and styles only from itself and Lantern.
  host = createServer((req, res) => {
    res.setHeader('Content-Security-Policy', `default-src 'self'; script-src 'self' ${lanternOrigin}; ` +
      `style-src 'self' ${lanternOrigin}; connect-src 'self' ${lanternOrigin}; img-src 'self'`);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title></head><body>
<h1>Staff intranet</h1><div data-lantern-search></div>
<script src="${lanternOrigin}/widget.js" defer></script></body></html>`);
  });
  hostOrigin = `http://127.0.0.1:${await listen(host)}`;
  ({ child: lantern, origin: lanternOrigin } = await startLantern(join(dir, 'index'), hostOrigin));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  lantern?.kill('SIGTERM');
  host?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function hostPage() {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on('dialog', (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss(); });
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  // Every CSP violation on the host page is recorded (the init script is injected by DevTools, not by the page).
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  // Result links point at the (unreachable) public site: answer them locally.
  await page.route('https://riverbend.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<p>article</p>' }));
  await page.goto(hostOrigin + '/');
  return { context, page, problems };
}

test('typing shows live results with a safety card, under a strict CSP', async () => {
  const { context, page, problems } = await hostPage();
  const input = page.getByLabel('Search health information');
  await input.pressSequentially('narcan', { delay: 30 });
  await page.locator('.lantern-title').first().waitFor();
  assert.match(await page.locator('.lantern-title').first().innerText(), /Naloxone/);
  assert.match(await page.locator('.lantern-safety').first().innerText(), /overdosing/);
  assert.match(await page.locator('.lantern-status').innerText(), /Results 1 to 8 of about \d+/);
  assert.ok(await page.locator('.lantern-title mark').count() > 0, 'matches are highlighted');
  await page.screenshot({ path: join(ARTIFACTS, 'widget.png'), fullPage: true });
  assert.deepEqual(await page.evaluate(() => window.__violations), []);
  assert.deepEqual(problems, []);
  await context.close();
});

test('arrow keys move through results and Enter opens one', async () => {
  const { context, page } = await hostPage();
  const input = page.getByLabel('Search health information');
  await input.fill('track marks');
  await page.locator('.lantern-title').nth(2).waitFor();
  const hrefs = await page.locator('.lantern-title').evaluateAll((as) => as.map((a) => a.href));
  await input.focus();
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.href), hrefs[0]);
  await page.keyboard.press('ArrowDown');
  assert.equal(await page.evaluate(() => document.activeElement.href), hrefs[1]);
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.href), hrefs[0]);
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.id), await input.getAttribute('id'));
  await page.keyboard.press('ArrowDown');
  await Promise.all([page.waitForURL(hrefs[0]), page.keyboard.press('Enter')]);
  assert.equal(page.url(), hrefs[0]);
  await context.close();
});

test('facets refine and pages move on, as on the search page', async () => {
  const { context, page, problems } = await hostPage();
  await page.getByLabel('Search health information').fill('buprenorphine');
  await page.locator('.lantern-title').first().waitFor();
  const before = await page.locator('.lantern-status').innerText();
  const clinicians = page.getByRole('group', { name: 'Refine by audience' }).getByRole('button', { name: /^clinicians \(\d+\)$/ });
  await clinicians.click();
  await page.waitForFunction((b) => document.querySelector('.lantern-status').textContent !== b, before);
  assert.equal(await page.getByRole('group', { name: 'Refine by audience' }).getByRole('button', { pressed: true }).count(), 1);
  const total = Number((await page.locator('.lantern-status').innerText()).match(/of about (\d+)/)[1]);
  assert.ok(total < Number(before.match(/of about (\d+)/)[1]), 'the audience filter narrows the results');
  await page.getByRole('button', { name: /^clinicians/ }).click();  // clear it
  await page.waitForFunction((b) => document.querySelector('.lantern-status').textContent === b, before);
  await page.getByRole('button', { name: 'More results' }).click();
  await page.waitForFunction(() => /^Results 9 to/.test(document.querySelector('.lantern-status').textContent));
  assert.equal(await page.locator('.lantern-list').getAttribute('start'), '9');
  await page.getByRole('button', { name: 'Previous results' }).click();
  await page.waitForFunction(() => /^Results 1 to/.test(document.querySelector('.lantern-status').textContent));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a document carrying script payloads is shown as text, never run', async () => {
  const { context, page, problems } = await hostPage();
  await page.getByLabel('Search health information').fill('payloadword');
  await page.locator('.lantern-snippet').first().waitFor();
  const snippet = await page.locator('.lantern-snippet').first().innerText();
  assert.match(snippet, /<script>alert\("body"\)<\/script>/);
  assert.match(snippet, /<img src=x onerror=alert\(3\)>/);
  assert.equal(await page.locator('[data-lantern-search] script, [data-lantern-search] img').count(), 0);
  await page.waitForTimeout(300);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the search page works with JavaScript disabled', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(lanternOrigin + '/');
  await page.getByLabel('Search for').fill('dope sick');
  await Promise.all([page.waitForURL(/\?q=dope\+sick/), page.getByRole('button', { name: 'Search' }).click()]);
  assert.match(await page.locator('.count').innerText(), /Results 1 to \d+ of about \d+/);
  assert.match(await page.locator('.results li h2').first().innerText(), /withdrawal/i);
  await page.screenshot({ path: join(ARTIFACTS, 'page.png'), fullPage: true });
  // Keyboard only: Tab reaches the box first, then the button, then the results.
  await page.goto(lanternOrigin + '/?q=naloxone');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Search');
  await context.close();
});

// axe-core runs inside the page; the audit context bypasses CSP only to inject it.
async function accessibilityViolations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return r.violations.map((v) => `${v.id}: ${v.nodes.length} node(s): ${v.help}`);
  });
}

test('the page and the widget pass an automated WCAG 2.1 AA audit, on a phone-sized screen too', async () => {
  for (const viewport of [{ width: 1280, height: 900 }, { width: 375, height: 740 }]) {
    const context = await browser.newContext({ bypassCSP: true, viewport });
    const page = await context.newPage();
    await page.route('https://riverbend.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<p>article</p>' }));
    await page.goto(lanternOrigin + '/?q=not+breathing');
    assert.deepEqual(await accessibilityViolations(page), [], `search page at ${viewport.width}px`);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), 'no sideways scrolling');
    if (viewport.width < 500) await page.screenshot({ path: join(ARTIFACTS, 'page-phone.png'), fullPage: true });
    await page.goto(hostOrigin + '/');
    await page.getByLabel('Search health information').fill('naloxone');
    await page.locator('.lantern-title').first().waitFor();
    assert.deepEqual(await accessibilityViolations(page), [], `widget at ${viewport.width}px`);
    await context.close();
  }
});
