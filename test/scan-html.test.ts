/**
 * `whydenied scan --format html --out FILE` in real headless Chromium: the page is self-contained (nothing
 * fetched, no console errors), shows the groups sorted by count, filters them by text and by cause, and
 * shows values from the logs as text, never as markup.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { s3Denied, success, writeTree } from './fixtures/scan/tree.js';

const root = join(import.meta.dirname, '..');
const cli = join(root, 'dist', 'cli', 'main.js');
const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let dir: string;
let profile: string;
let report: string;
let context: BrowserContext;
let page: Page;
const requests: string[] = [];
const consoleErrors: string[] = [];

/** A denial whose S3 key is markup: it must show as text. */
const EVIL_KEY = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>.csv';

beforeAll(async () => {
  // test/global-setup.ts builds dist/ once for every CLI test.
  if (!existsSync(join(root, 'dist', 'render', 'scan-html.js'))) throw new Error('dist/ has no scan command: the build in test/global-setup.ts failed');
  dir = mkdtempSync(join(tmpdir(), 'whydenied-scan-html-'));
  writeTree(join(dir, 'tree'));
  const evil = { ...s3Denied('2026-11-09T00:00:00Z'), requestParameters: { bucketName: 'reports', key: EVIL_KEY } };
  mkdirSync(join(dir, 'evil'));
  writeFileSync(join(dir, 'evil', 'trail.json.gz'), gzipSync(JSON.stringify({ Records: [success(), evil] })));
  const out = join(dir, 'out');
  mkdirSync(out);
  report = join(out, 'report.html');
  const r = spawnSync(process.execPath, [cli, 'scan', join(dir, 'tree'), join(dir, 'evil'), '--format', 'html', '--out', report], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (r.status !== 4) throw new Error(`scan exited ${r.status}: ${r.stderr}`);

  profile = mkdtempSync(join(tmpdir(), 'whydenied-chromium-'));
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: ARGS, headless: true, viewport: { width: 1400, height: 1000 } });
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

describe('the HTML report', () => {
  it('is one file, written whole (no temporary file beside it)', () => {
    expect(readdirSync(join(dir, 'out'))).toEqual(['report.html']);
  });

  it('shows the summary and every group, sorted by count', async () => {
    expect(await page.title()).toBe('whydenied scan: 15 denials in 6 groups');
    expect(await page.textContent('.summary')).toContain('Scanned 16 files');
    const rows = await visibleRows();
    expect(rows.map((r) => [r[2], r[4], r[6], r[7]])).toEqual([
      ['7', 'connect:StartChatContact', 'undetermined', 'yes'],
      ['3', 's3:GetObject', 'undetermined', 'yes'],
      ['2', 'connect:StartChatContact', 'id-passed-as-arn', 'no'],
      ['1', 'kms:Decrypt', 'explicit-deny', 'no'],
      ['1', 'sts:AssumeRole', 'cross-account', 'yes'],
      ['1', 's3:GetObject', 'undetermined', 'yes'],
    ]);
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

  it("shows each group's explanation and fix", async () => {
    const first = page.locator('#g1');
    expect(await first.locator('h2').textContent()).toBe('#1  7 denials of connect:StartChatContact, 2026-11-01 10:00:00 to 2026-11-08 00:00:00');
    const pre = await first.locator('pre').textContent();
    expect(pre).toContain('Suggestion (not verified)');
    expect(pre).toContain('"Action": "connect:StartChatContact"');
  });

  it('shows markup from the logs as text: nothing runs', async () => {
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('#groups tbody tr img').count()).toBe(0);
    const cells = (await visibleRows()).map((r) => r[5]);
    expect(cells).toContain(`arn:aws:s3:::reports/${EVIL_KEY}`);
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
