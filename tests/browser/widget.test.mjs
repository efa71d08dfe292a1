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
let hurried, hurriedOrigin, stranger, strangerOrigin;

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

function startLantern(db, allowOrigin, extra = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(SEARCH, ['--db', db, 'serve', '--listen', '127.0.0.1:0', '--allow-origin', allowOrigin, ...extra]);
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
  const hostPageHtml = (req, res) => {
    res.setHeader('Content-Security-Policy', `default-src 'self'; script-src 'self' ${lanternOrigin}; ` +
      `style-src 'self' ${lanternOrigin}; connect-src 'self' ${lanternOrigin}; img-src 'self'`);
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Intranet</title></head><body>
<h1>Staff intranet</h1><div data-lantern-search></div>
<script src="${lanternOrigin}/widget.js" defer></script></body></html>`);
  };
  host = createServer(hostPageHtml);
  hostOrigin = `http://127.0.0.1:${await listen(host)}`;
  // The same page on an origin the server was not told to allow (issue 19: the widget said only
  // "not available", and nothing anywhere said why).
  stranger = createServer(hostPageHtml);
  strangerOrigin = `http://127.0.0.1:${await listen(stranger)}`;
  ({ child: lantern, origin: lanternOrigin } = await startLantern(join(dir, 'index'), hostOrigin));
  // A server whose searches run out of time, for the page's "budget cut" state.
  ({ child: hurried, origin: hurriedOrigin } = await startLantern(join(dir, 'index'), hostOrigin, ['--time-budget', '1', '--cache-seconds', '0']));
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  await browser?.close();
  lantern?.kill('SIGTERM');
  hurried?.kill('SIGTERM');
  host?.close();
  stranger?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function hostPage(origin = hostOrigin) {
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
  await page.goto(origin + '/');
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

// Issue 20: a PDF leaflet's result names the page its snippet is on and links there (#page=N,
// which browsers' PDF viewers open at), on the page without JavaScript and in the widget.
test('a PDF result names its page and links to it, on the page and in the widget', async () => {
  const pageLink = /^https:\/\/riverbend\.example\/leaflets\/[a-z-]+\.pdf#page=\d+$/;
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(lanternOrigin + '/?q=track+marks&format=pdf');
  const first = page.locator('.results li').first();
  assert.match(await first.locator('.section').innerText(), /^From page \d+(, in the section .+)?$/);
  assert.match(await first.locator('.section a').getAttribute('href'), pageLink);
  await page.screenshot({ path: join(ARTIFACTS, 'page-pdf.png'), fullPage: true });
  await context.close();

  const widget = await hostPage();
  await widget.page.getByLabel('Search health information').pressSequentially('format:pdf track marks', { delay: 10 });
  const section = widget.page.locator('.lantern-section').first();
  await section.waitFor();
  assert.match(await section.innerText(), /^From page \d+/);
  assert.match(await section.locator('a').getAttribute('href'), pageLink);
  assert.deepEqual(widget.problems, []);
  await widget.context.close();
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

// ---- Issue 19: day one for a librarian and a web team: nothing that misleads, nothing that fails
// silently. Every page state at a desktop and a phone width, audited and photographed.

const WIDTHS = [{ name: 'desktop', width: 1280, height: 900 }, { name: 'phone', width: 375, height: 740 }];

async function lanternPage(viewport) {
  const context = await browser.newContext({ bypassCSP: true, viewport: { width: viewport.width, height: viewport.height } });
  const page = await context.newPage();
  await page.route('https://riverbend.example/**', (route) => route.fulfill({ contentType: 'text/html', body: '<p>article</p>' }));
  return { context, page };
}

async function checkState(page, viewport, name, fullPage = true) {
  assert.deepEqual(await accessibilityViolations(page), [], `${name} at ${viewport.width}px`);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), `${name}: no sideways scrolling`);
  await page.screenshot({ path: join(ARTIFACTS, `page-${name}-${viewport.name}.png`), fullPage });
}

test('page states at desktop and phone widths: filters, correction, no results, safety card, dates, last page, budget cut', async () => {
  for (const viewport of WIDTHS) {
    const { context, page } = await lanternPage(viewport);

    await page.goto(lanternOrigin + '/?q=naloxone&audience=public');
    const filters = page.getByRole('region', { name: 'Filters on' });
    assert.match(await filters.innerText(), /audience: public/);
    assert.equal(await page.getByRole('link', { name: 'Remove the filter audience: public' }).count(), 2);  // in the list and by the facet
    await checkState(page, viewport, 'filters');

    await page.goto(lanternOrigin + '/?q=tetnus%20jab&audience=public');
    assert.match(await page.locator('.correction').innerText(), /^Showing results for tetanus jab\. Search instead for tetnus jab\.$/);
    await checkState(page, viewport, 'correction');

    await page.goto(lanternOrigin + '/?q=naloxone&audience=nosuchaudience');
    assert.equal(await page.locator('.count').innerText(), 'No results for naloxone with these filters. Search without filters.');
    await checkState(page, viewport, 'no-results-filtered');
    await Promise.all([page.waitForURL(lanternOrigin + '/?q=naloxone'), page.getByRole('link', { name: 'Search without filters' }).click()]);
    assert.match(await page.locator('.count').innerText(), /^Results 1 to 10 of about \d+\.$/);

    await page.goto(lanternOrigin + '/?q=not+breathing');
    assert.ok(await page.locator('.safety').count() > 0);
    await checkState(page, viewport, 'safety');

    // Dates and order from the form: the last-reviewed dates of the results are on or after the
    // date given, newest first.
    await page.goto(lanternOrigin + '/?q=naloxone');
    await page.getByText('Dates and order').click();
    await page.getByLabel('Reviewed since').fill('2026-09');
    await page.getByLabel('Order').selectOption('date');
    await Promise.all([page.waitForURL(/since=2026-09.*sort=date/), page.getByRole('button', { name: 'Search' }).click()]);
    const dates = await page.locator('.results time').evaluateAll((ts) => ts.map((t) => t.getAttribute('datetime')));
    assert.ok(dates.length > 0);
    assert.ok(dates.every((d) => d >= '2026-09-01'), dates.join(' '));
    assert.deepEqual(dates, [...dates].sort().reverse());
    assert.match(await page.getByRole('region', { name: 'Filters on' }).innerText(), /reviewed since 2026-09/);
    await checkState(page, viewport, 'dates');

    // The last page: pages keep their size (issue 19: from limit=1, "Next" led to "No results").
    await page.goto(lanternOrigin + '/?q=wound&limit=4');
    for (let i = 0; i < 20 && await page.locator('a[rel=next]').count() > 0; ++i) {
      await Promise.all([page.waitForURL(/limit=4&page=\d+/), page.locator('a[rel=next]').click()]);
      assert.match(await page.locator('.count').innerText(), /^Results \d+ to \d+ of about \d+\.$/);
    }
    assert.equal(await page.locator('a[rel=next]').count(), 0);
    assert.equal(await page.locator('a[rel=prev]').count(), 1);
    await checkState(page, viewport, 'last-page');

    await page.goto(hurriedOrigin + '/?q=a*+OR+b*+OR+c*+OR+d*&limit=100');
    assert.match(await page.locator('.note').last().innerText(), /stopped after its time budget \(1 ms\)/);
    await checkState(page, viewport, 'budget-cut', false);   // 100 results: the top says it all
    await context.close();
  }
});

test('a filter on the page stays through a new search until its link removes it', async () => {
  const { context, page } = await lanternPage(WIDTHS[0]);
  await page.goto(lanternOrigin + '/?q=buprenorphine');
  await Promise.all([page.waitForURL(/audience=clinicians/),
    page.getByRole('complementary', { name: 'Refine results' }).getByRole('link', { name: 'clinicians' }).click()]);
  await page.getByLabel('Search for').fill('methadone');
  await Promise.all([page.waitForURL(/q=methadone/), page.getByRole('button', { name: 'Search' }).click()]);
  assert.match(page.url(), /audience=clinicians/);
  assert.match(await page.getByRole('region', { name: 'Filters on' }).innerText(), /audience: clinicians/);
  const filtered = Number((await page.locator('.count').innerText()).match(/of about (\d+)/)[1]);
  await Promise.all([page.waitForURL(lanternOrigin + '/?q=methadone'),
    page.getByRole('region', { name: 'Filters on' }).getByRole('link', { name: 'Remove the filter audience: clinicians' }).click()]);
  assert.equal(await page.getByRole('region', { name: 'Filters on' }).count(), 0);
  assert.ok(Number((await page.locator('.count').innerText()).match(/of about (\d+)/)[1]) > filtered);
  await context.close();
});

/// Resolves with the first console error that matches `pattern`.
function consoleError(page, pattern) {
  return new Promise((resolve) => page.on('console', (m) => { if (m.type() === 'error' && pattern.test(m.text())) resolve(m.text()); }));
}

test('a widget on a page whose origin the server does not allow says so in the console (CORS)', async () => {
  const { context, page } = await hostPage(strangerOrigin);
  const said = consoleError(page, /^Lantern widget:/);
  await page.getByLabel('Search health information').fill('naloxone');
  assert.equal(await said, `Lantern widget: the search server at ${lanternOrigin} answers, but does not allow this page's origin ` +
    `${strangerOrigin} to read its answers (CORS). Add ${strangerOrigin} to allow_origins in the [server] table of its lantern.toml, ` +
    `or start it with --allow-origin ${strangerOrigin}.`);
  assert.equal(await page.locator('.lantern-status').innerText(), 'Search is not available right now');
  await context.close();
});

test('a widget whose server cannot be reached, is busy or fails says why in the console', async () => {
  const rows = [
    { name: 'unreachable', route: (r) => r.abort('connectionrefused'), healthz: (r) => r.abort('connectionrefused'),
      status: 'Search is not available right now',
      console: `Lantern widget: cannot reach the search server at ${lanternOrigin} (network error): is it running, and reachable ` +
        `from this browser? A Content-Security-Policy whose connect-src does not list ${lanternOrigin} blocks it too.` },
    { name: 'busy', route: (r) => r.fulfill({ status: 503, contentType: 'application/json',
      headers: { 'Access-Control-Allow-Origin': '*' }, body: '{"error":"too many searches at once; try again in a moment"}' }),
      status: 'Search is busy; try again in a moment',
      console: `Lantern widget: the search server at ${lanternOrigin} answered HTTP 503: too many searches at once; try again in a moment` },
    { name: 'proxy error', route: (r) => r.fulfill({ status: 502, contentType: 'text/html',
      headers: { 'Access-Control-Allow-Origin': '*' }, body: '<h1>Bad Gateway</h1>' }),
      status: 'Search is not available right now',
      console: `Lantern widget: the search server at ${lanternOrigin} answered HTTP 502: no JSON in the answer` },
  ];
  for (const row of rows) {
    const { context, page } = await hostPage();
    await page.route(`${lanternOrigin}/api/search**`, row.route);
    if (row.healthz) await page.route(`${lanternOrigin}/healthz`, row.healthz);
    const said = consoleError(page, /^Lantern widget:/);
    await page.getByLabel('Search health information').fill('naloxone');
    assert.equal(await said, row.console, row.name);
    await page.waitForFunction((s) => document.querySelector('.lantern-status').textContent === s, row.status);
    await context.close();
  }
});

test('the widget keeps filters until removed, says when they leave nothing, and never links nowhere', async () => {
  for (const viewport of WIDTHS) {
    const context = await browser.newContext({ viewport: { width: viewport.width, height: viewport.height } });
    const page = await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
    await page.goto(hostOrigin + '/');
    const input = page.getByLabel('Search health information');
    await input.fill('buprenorphine');
    await page.locator('.lantern-title').first().waitFor();
    const audience = page.getByRole('group', { name: 'Refine by audience' });
    const before = await page.locator('.lantern-status').innerText();
    await audience.getByRole('button', { name: /^clinicians \(\d+\)$/ }).click();
    await page.waitForFunction((b) => document.querySelector('.lantern-status').textContent !== b, before);
    await input.fill('payloadword');   // a page no audience filter keeps
    await page.waitForFunction(() => /^No results for payloadword with these filters$/.test(document.querySelector('.lantern-status').textContent));
    assert.equal(await audience.getByRole('button', { pressed: true }).innerText(), 'clinicians (0)');
    await page.screenshot({ path: join(ARTIFACTS, `widget-no-results-filtered-${viewport.name}.png`), fullPage: true });
    await page.getByRole('button', { name: 'Search without filters' }).click();
    await page.waitForFunction(() => /^Results 1 to/.test(document.querySelector('.lantern-status').textContent));
    assert.deepEqual(problems, []);

    // A result the index holds no address for is shown as text, saying so.
    await page.route(`${lanternOrigin}/api/search**`, (r) => r.fulfill({ contentType: 'application/json',
      headers: { 'Access-Control-Allow-Origin': hostOrigin },
      body: JSON.stringify({ query: 'unlinked', total: 1, offset: 0, limit: 8, facets: {}, safety: [], notes: [], suggestion: null,
        results: [{ rank: 1, url: '', title_html: 'An <mark>unlinked</mark> page', snippet: 'Its text.', reviewed: '', section: '' }] }) }));
    await input.fill('unlinked');
    await page.locator('.lantern-unlinked').waitFor();
    assert.equal(await page.locator('.lantern-unlinked').innerText(), 'No link: this page was indexed without a web address.');
    assert.equal(await page.locator('[data-lantern-search] a[href=""], a.lantern-title').count(), 0);
    await page.screenshot({ path: join(ARTIFACTS, `widget-unlinked-${viewport.name}.png`), fullPage: true });
    await context.close();
  }
});
