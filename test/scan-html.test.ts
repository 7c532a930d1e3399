/**
 * `whydenied scan --format html --out FILE` in real headless Chromium: the page is self-contained (nothing
 * fetched, no console errors), shows the summary charts and the groups sorted by count, sorts by any column,
 * filters them by text and by cause, pages through thousands, copies a fix, says how far each fix is proven,
 * and shows values from the logs as text, never as markup. The browser comes from test/fixtures/chromium.ts;
 * where there is none the test says so and is skipped, except in CI (CI=true), where that is a failure.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findChromium } from './fixtures/chromium.js';
import { s3Denied, success, writeTree } from './fixtures/scan/tree.js';
import { spawnCliSync } from './fixtures/spawn-cli.js';

const root = join(import.meta.dirname, '..');
const browser = await findChromium();
if (!browser.found) {
  if (!['', '0', 'false'].includes(process.env['CI'] ?? '')) throw new Error(`the HTML report test needs a headless Chromium: ${browser.why}`);
  console.warn(`skipping the HTML report test: ${browser.why}`);
}
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let dir: string;
let profile: string;
let report: string;
let manyReport: string;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];
const consoleErrors: string[] = [];

/** A denial whose S3 key is markup: it must show as text. */
const EVIL_KEY = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>.csv';

beforeAll(async () => {
  if (!browser.found) return;
  // test/global-setup.ts builds dist/ once for every CLI test.
  if (!existsSync(join(root, 'dist', 'render', 'scan-html.js'))) throw new Error('dist/ has no scan command: the build in test/global-setup.ts failed');
  dir = mkdtempSync(join(tmpdir(), 'whydenied-scan-html-'));
  writeTree(join(dir, 'tree'));
  // Its own bucket: with q3.csv of 'reports' it would make one group named by the pattern reports/*.
  const evil = { ...s3Denied('2026-11-09T00:00:00Z'), requestParameters: { bucketName: 'uploads', key: EVIL_KEY } };
  mkdirSync(join(dir, 'evil'));
  writeFileSync(join(dir, 'evil', 'trail.json.gz'), gzipSync(JSON.stringify({ Records: [success(), evil] })));
  const out = join(dir, 'out');
  mkdirSync(out);
  report = join(out, 'report.html');
  const r = spawnCliSync(['scan', join(dir, 'tree'), join(dir, 'evil'), '--format', 'html', '--out', report]);
  if (r.code !== 4) throw new Error(`scan exited ${r.code}: ${r.stderr}`);
  // 130 groups (one denied bucket each: objects of one bucket would make one group), for paging.
  mkdirSync(join(dir, 'many'));
  writeFileSync(join(dir, 'many', 'trail.json'), JSON.stringify({ Records: Array.from({ length: 130 }, (_, i) => ({ ...s3Denied(`2026-11-${String(1 + (i % 28)).padStart(2, '0')}T00:00:00Z`), requestParameters: { bucketName: `k${String(i).padStart(3, '0')}`, key: 'q3.csv' } })) }));
  manyReport = join(out, 'many.html');
  const m = spawnCliSync(['scan', join(dir, 'many'), '--format', 'html', '--out', manyReport]);
  if (m.code !== 2) throw new Error(`scan exited ${m.code}: ${m.stderr}`);

  profile = mkdtempSync(join(tmpdir(), 'whydenied-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: browser.path, args: ARGS, headless: true, viewport: { width: 1400, height: 1000 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  page = await context.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  await page.goto(pathToFileURL(report).href);
}, 120_000);

afterAll(async () => {
  await context?.close();
  for (const d of [dir, profile]) if (d) rmSync(d, { recursive: true, force: true });
});

const visibleRows = () =>
  page.$$eval('#groups tbody tr', (rows) => rows.filter((r) => !(r as HTMLElement).hidden && (r as HTMLElement).offsetParent !== null).map((r) => Array.from(r.querySelectorAll('td')).map((td) => td.textContent ?? '')));

describe.skipIf(!browser.found)('the HTML report', () => {
  it('is one file, written whole (no temporary file beside it)', () => {
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['many.html', 'report.html']);
  });

  it('shows the summary and every group, sorted by count', async () => {
    expect(await page.title()).toBe('whydenied scan: 15 denials in 6 groups');
    expect(await page.textContent('.summary')).toContain('Scanned 16 files');
    const rows = await visibleRows();
    expect(rows.map((r) => [r[2], r[4], r[6], r[7]])).toEqual([
      ['7', 'connect:StartChatContact', 'undetermined', 'unverified'],
      ['3', 's3:GetObject', 'undetermined', 'unverified'],
      ['2', 'connect:StartChatContact', 'id-passed-as-arn', 'none'],
      ['1', 'kms:Decrypt', 'explicit-deny', 'none'],
      ['1', 'sts:AssumeRole', 'cross-account', 'unverified'],
      ['1', 's3:GetObject', 'undetermined', 'unverified'],
    ]);
    expect(await page.$$eval('#groups th', (th) => th.map((t) => t.textContent))).toEqual(['first seen (utc)', 'last seen (utc)', 'count', 'principal', 'action', 'resource', 'cause', 'fix', '']);
    expect(await page.textContent('#shown')).toBe('6 of 6 groups');
    expect(await page.locator('.unreadable li').count()).toBe(4);
  });

  it('filters by text as you type, hiding the details of the other groups too', async () => {
    await page.fill('#filter', '');
    await page.type('#filter', 'kms');
    expect((await visibleRows()).map((r) => r[4])).toEqual(['kms:Decrypt']);
    expect(await page.textContent('#shown')).toBe('1 of 6 groups');
    expect(await page.locator('#details article:visible').count()).toBe(1);
    await page.fill('#filter', 'chatstarter startchat');
    expect((await visibleRows()).map((r) => r[2])).toEqual(['7', '2']);
    await page.fill('#filter', 'no such thing');
    expect(await visibleRows()).toEqual([]);
    expect(await page.textContent('#shown')).toBe('0 of 6 groups');
    await page.fill('#filter', '');
    expect(await visibleRows()).toHaveLength(6);
  });

  it('filters by cause, together with the text', async () => {
    await page.selectOption('#cause', 'explicit-deny');
    expect((await visibleRows()).map((r) => r[4])).toEqual(['kms:Decrypt']);
    await page.selectOption('#cause', { label: 'undetermined' });
    expect((await visibleRows()).map((r) => r[2])).toEqual(['7', '3', '1']);
    await page.fill('#filter', 's3');
    expect((await visibleRows()).map((r) => r[2])).toEqual(['3', '1']);
    await page.fill('#filter', '');
    await page.selectOption('#cause', '');
    expect(await visibleRows()).toHaveLength(6);
  });

  it('summarises with charts: denials per day, top principals, top actions, causes', async () => {
    expect(await page.$$eval('.charts figcaption', (c) => c.map((x) => x.textContent))).toEqual(['Denials per day (UTC)', 'Top principals', 'Top actions', 'Causes']);
    const actions = await page.$$eval('.charts figure:nth-child(3) g title', (t) => t.map((x) => x.textContent));
    expect(actions).toEqual(['connect:StartChatContact: 9', 's3:GetObject: 4', 'kms:Decrypt: 1', 'sts:AssumeRole: 1']);
    const days = await page.$$eval('.charts figure:nth-child(1) g title', (t) => t.map((x) => x.textContent));
    expect(days[0]).toBe('2026-11-01 (UTC): 5'); // 3 chats and 2 S3 reads
    expect(days).toHaveLength(9); // 2026-11-01 to 2026-11-09, empty days included
  });

  it('sorts by a column when its header is clicked, and back', async () => {
    await page.click('#groups th:nth-child(5) button');
    expect((await visibleRows()).map((r) => r[4])).toEqual(['sts:AssumeRole', 's3:GetObject', 's3:GetObject', 'kms:Decrypt', 'connect:StartChatContact', 'connect:StartChatContact']);
    await page.click('#groups th:nth-child(3) button');
    expect((await visibleRows()).map((r) => r[2])).toEqual(['7', '3', '2', '1', '1', '1']);
    await page.click('#groups th:nth-child(3) button');
    expect((await visibleRows()).map((r) => r[2])).toEqual(['1', '1', '1', '2', '3', '7']);
    expect(await page.getAttribute('#groups th:nth-child(3)', 'aria-sort')).toBe('ascending');
    await page.click('#groups th:nth-child(3) button');
  });

  it("shows each group's explanation and its fix as a document, with its proof status and a copy button", async () => {
    const first = page.locator('#g1');
    expect(await first.locator('h2').textContent()).toBe('#1  7 denials of connect:StartChatContact, 2026-11-01 10:00:00 to 2026-11-08 00:00:00 UTC');
    expect(await first.locator('.fix h3').textContent()).toMatch(/^Suggestion not verified Copy$/);
    const document = JSON.parse((await first.locator('#fix-1-1').textContent()) ?? '') as { Statement: { Action: string }[] };
    expect(document.Statement[0]!.Action).toBe('connect:StartChatContact');
    await first.locator('button.copy').click();
    // The clipboard write is asynchronous: the label changes when it has finished.
    await expect.poll(() => first.locator('button.copy').textContent()).toBe('Copied');
    expect(JSON.parse(await page.evaluate(() => navigator.clipboard.readText()))).toEqual(document);
  });

  it('pages through many groups, 100 at a time by default', async () => {
    const many = await context.newPage();
    await many.goto(pathToFileURL(manyReport).href);
    const shownRows = () => many.$$eval('#groups tbody tr', (rows) => rows.filter((r) => !(r as HTMLElement).hidden).length);
    expect(await shownRows()).toBe(100);
    expect(await many.textContent('#page')).toBe('page 1 of 2');
    expect(await many.locator('#details article:visible').count()).toBe(100);
    await many.click('#next');
    expect(await shownRows()).toBe(30);
    expect(await many.textContent('#page')).toBe('page 2 of 2');
    expect(await many.isDisabled('#next')).toBe(true);
    await many.selectOption('#per-page', '25');
    expect(await shownRows()).toBe(25);
    expect(await many.textContent('#page')).toBe('page 1 of 6');
    await many.fill('#filter', 'k12');
    expect(await shownRows()).toBe(10);
    expect(await many.textContent('#shown')).toBe('10 of 130 groups');
    await many.fill('#filter', '');
    await many.selectOption('#per-page', 'all');
    expect(await shownRows()).toBe(130);
    await many.close();
  });

  it('shows markup from the logs as text: nothing runs', async () => {
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#groups tbody tr img').count()).toBe(0);
    const cells = (await visibleRows()).map((r) => r[5]);
    expect(cells).toContain(`arn:aws:s3:::uploads/${EVIL_KEY}`);
  });

  it('is self-contained: no request but the page itself, no console errors (CSP allows only its own script and style)', () => {
    expect(requests).toEqual([pathToFileURL(report).href]);
    expect(consoleErrors).toEqual([]);
  });

  it('renders (screenshot)', async () => {
    const shot = join(dir, 'report.png');
    await page.screenshot({ path: shot, fullPage: true });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    if (process.env['WHYDENIED_KEEP_SCREENSHOT']) writeFileSync(process.env['WHYDENIED_KEEP_SCREENSHOT'], await page.screenshot({ fullPage: false }));
  });
});
