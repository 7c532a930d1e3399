/**
 * `whydenied scan --format html`: one self-contained page (inline CSS and script, nothing fetched; a
 * Content-Security-Policy with the hashes of both forbids anything else) with the summary and its charts
 * (inline SVG, drawn here), the table of groups with client-side filters (text, cause), sorting and paging,
 * and each group's explanation and fix (the document, its proof status, a copy button). The table is plain
 * HTML, readable without the script. Every value from the logs is escaped. Times are UTC.
 */
import { createHash } from 'node:crypto';
import { proofStatus } from '../remedy/proof.js';
import type { ScanGroup, ScanReport } from '../scan/index.js';
import { FIX_REASONS, SHORT_NAMES } from './explanation.js';
import { findingMessage } from './findings.js';
import { groupCells, groupFacts, groupHeading, groupProof, problemText, scanSummary, TABLE_COLUMNS } from './scan-text.js';
import { barChart, escapeHtml, timeline } from './svg-charts.js';
import { own, setOwn } from '../own.js';

const STYLE = `
:root { color-scheme: light; --line: #d8dde3; --muted: #5b6570; --accent: #b3261e; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 64px; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1d2329; background: #fff; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 16px; margin: 0 0 8px; }
.summary { margin: 0 0 16px; color: var(--muted); white-space: pre-line; }
.filters { display: flex; flex-wrap: wrap; gap: 16px; align-items: center; margin: 16px 0 12px; padding: 10px 12px; background: #f4f6f8; border: 1px solid var(--line); border-radius: 6px; }
.filters label { display: flex; gap: 6px; align-items: center; font-weight: 600; }
.filters input { width: 320px; padding: 5px 8px; font: inherit; border: 1px solid #b8c0c8; border-radius: 4px; }
.filters select { padding: 4px 6px; font: inherit; }
#shown { color: var(--muted); margin-left: auto; }
.wrap { overflow-x: auto; border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f4f6f8; font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); white-space: nowrap; }
tbody tr:hover { background: #fafbfc; }
td.num { text-align: right; font-variant-numeric: tabular-nums; font-weight: 600; }
td.time { font-variant-numeric: tabular-nums; }
td.arn { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; word-break: break-all; min-width: 160px; }
td.cause { white-space: nowrap; }
td.cause code { color: var(--accent); }
td.fix-verified { color: #1a7f37; font-weight: 600; }
td.fix-failed { color: var(--accent); font-weight: 600; }
td.fix-unverified { color: #8a5a00; }
td.fix-none { color: var(--muted); }
th button { all: unset; cursor: pointer; }
th button:focus-visible { outline: 2px solid #0969da; }
th[aria-sort=ascending] button::after { content: " \\25B2"; }
th[aria-sort=descending] button::after { content: " \\25BC"; }
.charts { display: flex; flex-wrap: wrap; gap: 12px 28px; margin: 8px 0 16px; }
.chart { margin: 0; }
.chart figcaption { font-weight: 600; font-size: 13px; margin-bottom: 4px; }
.chart .bar { fill: #4f6f8f; }
.chart .lbl, .chart .val { font-size: 11px; fill: #3d4750; font-family: system-ui, sans-serif; }
.pager { display: flex; gap: 10px; align-items: center; margin: 10px 0; }
.pager button, button.copy { font: inherit; padding: 3px 10px; border: 1px solid #b8c0c8; border-radius: 4px; background: #fff; cursor: pointer; }
.pager button[disabled] { opacity: .4; cursor: default; }
.finding { margin: 6px 0 10px; }
.fix { margin: 10px 0 0; }
.fix h3 { font-size: 14px; margin: 0 0 4px; display: flex; gap: 10px; align-items: center; }
.proof { font-size: 12px; padding: 1px 8px; border-radius: 10px; border: 1px solid currentColor; }
.proof-verified { color: #1a7f37; }
.proof-failed { color: var(--accent); }
.proof-unverified { color: #8a5a00; }
.fix p { margin: 2px 0 6px; color: var(--muted); }
.unreadable { margin: 12px 0; padding: 10px 12px; border: 1px solid #e6b8b5; background: #fdf3f2; border-radius: 6px; }
.unreadable ul { margin: 6px 0 0; padding-left: 20px; font-family: ui-monospace, monospace; font-size: 12px; }
article { margin: 20px 0; padding: 14px 16px; border: 1px solid var(--line); border-radius: 6px; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 0 0 10px; }
dt { color: var(--muted); }
dd { margin: 0; font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
pre { margin: 0; padding: 10px 12px; background: #f6f8fa; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; font-size: 12px; line-height: 1.4; }
.empty { color: var(--muted); font-style: italic; }
`;

const SCRIPT = `
(function () {
  var filter = document.getElementById('filter');
  var cause = document.getElementById('cause');
  var shown = document.getElementById('shown');
  var perPage = document.getElementById('per-page');
  var prev = document.getElementById('prev');
  var next = document.getElementById('next');
  var pageText = document.getElementById('page');
  var table = document.getElementById('groups');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var page = 0;
  function matches(row, words, wanted) {
    var text = row.getAttribute('data-text');
    return words.every(function (w) { return text.indexOf(w) >= 0; }) && (wanted === '' || row.getAttribute('data-cause') === wanted);
  }
  function apply() {
    var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var wanted = cause.value;
    var size = perPage.value === 'all' ? Infinity : Number(perPage.value);
    var inFilter = Array.prototype.slice.call(body.rows).filter(function (row) { return matches(row, words, wanted); });
    var pages = Math.max(1, Math.ceil(inFilter.length / size));
    if (page >= pages) page = pages - 1;
    var from = size === Infinity ? 0 : page * size;
    var on = new Set(inFilter.slice(from, from + size));
    rows.forEach(function (row) {
      var ok = on.has(row);
      if (row.hidden === ok) {
        row.hidden = !ok;
        var details = document.getElementById('g' + row.getAttribute('data-group'));
        if (details) details.hidden = !ok;
      }
    });
    shown.textContent = inFilter.length + ' of ' + rows.length + (rows.length === 1 ? ' group' : ' groups');
    pageText.textContent = 'page ' + (page + 1) + ' of ' + pages;
    prev.disabled = page === 0;
    next.disabled = page >= pages - 1;
  }
  function restart() { page = 0; apply(); }
  filter.addEventListener('input', restart);
  cause.addEventListener('change', restart);
  perPage.addEventListener('change', restart);
  prev.addEventListener('click', function () { page--; apply(); });
  next.addEventListener('click', function () { page++; apply(); });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, col) {
    var button = th.querySelector('button');
    if (!button) return;
    button.addEventListener('click', function () {
      var dir = th.getAttribute('aria-sort') === 'descending' ? 'ascending' : 'descending';
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', dir);
      var sign = dir === 'ascending' ? 1 : -1;
      var numeric = th.getAttribute('data-type') === 'number';
      // Each row's key read once (not in every comparison): 10,000 rows sort in milliseconds.
      var keyed = rows.map(function (row) {
        var cell = row.cells[col];
        var text = cell.getAttribute('data-sort') || cell.textContent;
        return { row: row, key: numeric ? Number(text) : text, order: Number(row.getAttribute('data-group')) };
      });
      keyed.sort(function (a, b) {
        var c = numeric ? a.key - b.key : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
        return c * sign || a.order - b.order;
      });
      rows = keyed.map(function (k) { return k.row; });
      // Emptied at once, then refilled: moving rows one by one out of a table costs a pass over it each.
      body.textContent = '';
      var sorted = document.createDocumentFragment();
      rows.forEach(function (row) { sorted.appendChild(row); });
      body.appendChild(sorted);
      restart();
    });
  });
  Array.prototype.forEach.call(document.querySelectorAll('button.copy'), function (button) {
    button.addEventListener('click', function () {
      var text = document.getElementById(button.getAttribute('data-copy')).textContent;
      var done = function () { button.textContent = 'Copied'; };
      if (navigator.clipboard) navigator.clipboard.writeText(text).then(done, function () { button.textContent = 'Copy failed: select the text'; });
    });
  });
  apply();
})();
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The value of the cause filter for a group without a cause. */
export const NO_CAUSE = '-';

const PER_PAGE = [25, 100, 500] as const;
/** Groups on the first page: the others start hidden, so that opening the page lays out one page only. */
const FIRST_PAGE = 100;
const PROOF_WORDS = { verified: 'verified', failed: 'refuted by re-evaluation', unverified: 'not verified' } as const;

/** A group's explanation: its first finding's words, and each fix as a document with its proof status. */
function groupBody(g: ScanGroup, index: number, e: (s: string) => string): string {
  const x = g.explanation;
  if (!x) return '';
  const finding = x.findings[0];
  const parts = finding ? [`<p class="finding"><code>${e(finding.check)}</code> ${e(findingMessage(finding))}</p>`] : [];
  x.fixes.forEach((fix, j) => {
    const proof = proofStatus(fix);
    const id = `fix-${index + 1}-${j + 1}`;
    const where = fix.change === 'replace' ? `new version of the ${SHORT_NAMES[fix.policyType]} ${fix.target}` : `new policy to attach to ${fix.target}`;
    const checked = fix.verification ? ` Re-evaluated: ${fix.verification.allows ? 'the request is allowed' : 'still denied'}; ${fix.verification.probes} nearby requests compared${fix.verification.overGrants.length > 0 ? `, ${fix.verification.overGrants.length} newly allowed` : ', none changed'}.` : '';
    parts.push(
      `<div class="fix"><h3>${fix.kind === 'fix' ? 'Fix' : 'Suggestion'} <span class="proof proof-${proof}">${PROOF_WORDS[proof]}</span> <button type="button" class="copy" data-copy="${id}">Copy</button></h3>` +
        `<p>${e(own(FIX_REASONS, fix.reason) ?? fix.reason)}: ${e(where)}.${e(checked)}</p><pre id="${id}">${e(JSON.stringify(fix.document, null, 2))}</pre></div>`,
    );
  });
  return parts.join('');
}

/** The summary's charts: denials per day, top principals, top actions, causes. */
function charts(report: ScanReport): string {
  const sum = (key: (g: ScanGroup) => string) => {
    const totals = new Map<string, number>();
    for (const g of report.groups) totals.set(key(g), (totals.get(key(g)) ?? 0) + g.count);
    return [...totals].map(([label, value]) => ({ label, value }));
  };
  const perDay: Record<string, number> = {};
  for (const g of report.groups) for (const [day, n] of Object.entries(g.perDay)) setOwn(perDay, day, (own(perDay, day) ?? 0) + n);
  return `<section class="charts">${[
    timeline('Denials per day (UTC)', perDay),
    barChart('Top principals', sum((g) => g.principal ?? 'unknown')),
    barChart('Top actions', sum((g) => g.action ?? 'unknown')),
    barChart('Causes', sum((g) => g.cause ?? 'undetermined')),
  ].join('')}</section>`;
}

export function renderScanHtml(report: ScanReport): string {
  const e = escapeHtml;
  const summary = scanSummary(report);
  const causes = [...new Set(report.groups.map((g) => g.cause ?? NO_CAUSE))].sort();
  const rows = report.groups.map((g, i) => {
    const cells = groupCells(g);
    const text = [g.principal, g.action, g.resource, g.cause, g.sampleFile].filter((v) => v !== null).join(' ').toLowerCase();
    const td = cells.map((cell, c) => {
      const cls = c < 2 ? 'time' : c === 2 ? 'num' : c === 3 || c === 5 ? 'arn' : c === 6 ? 'cause' : c === 7 ? `fix-${groupProof(g)}` : '';
      const full = c === 3 ? (g.principal ?? cell) : c === 5 ? (g.resource ?? cell) : cell;
      const content = c === 6 && g.cause !== null ? `<code>${e(full)}</code>` : e(full);
      const sort = c === 0 ? g.firstSeen : c === 1 ? g.lastSeen : c === 2 ? String(g.count) : undefined;
      return `<td${cls ? ` class="${cls}"` : ''}${sort ? ` data-sort="${e(sort)}"` : ''}>${content}</td>`;
    });
    return `<tr${i >= FIRST_PAGE ? ' hidden' : ''} data-group="${i + 1}" data-cause="${e(g.cause ?? NO_CAUSE)}" data-text="${e(text)}">${td.join('')}<td><a href="#g${i + 1}">#${i + 1}</a></td></tr>`;
  });
  const details = report.groups.map((g, i) => {
    const facts = groupFacts(g)
      .map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`)
      .join('');
    return `<article id="g${i + 1}"${i >= FIRST_PAGE ? ' hidden' : ''} data-group="${i + 1}"><h2>${e(groupHeading(g, i))}</h2><dl>${facts}</dl>${groupBody(g, i, e)}</article>`;
  });
  const unreadable =
    report.unreadable.length === 0
      ? ''
      : `<section class="unreadable"><strong>Could not be read (in full)</strong><ul>${report.unreadable.map((u) => `<li>${e(u.file)}: ${e(problemText(u.problem))}</li>`).join('')}</ul></section>`;
  const header = TABLE_COLUMNS.map((c, i) => `<th${i === 2 ? ' data-type="number" aria-sort="descending"' : ''}><button type="button">${e(c.toLowerCase())}</button></th>`).join('');
  const table =
    report.groups.length === 0
      ? `<p class="empty">${report.events === 0 ? 'No CloudTrail events found.' : 'No denials found.'}</p>`
      : `<div class="wrap"><table id="groups"><thead><tr>${header}<th></th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
  const pager = `<div class="pager"><button type="button" id="prev">Previous</button><span id="page">page 1 of 1</span><button type="button" id="next">Next</button><label for="per-page">Groups per page <select id="per-page">${PER_PAGE.map((n) => `<option value="${n}"${n === FIRST_PAGE ? ' selected' : ''}>${n}</option>`).join('')}<option value="all">all</option></select></label></div>`;
  const title = `whydenied scan: ${report.denials} denial${report.denials === 1 ? '' : 's'} in ${report.groups.length} group${report.groups.length === 1 ? '' : 's'}`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${e(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>AccessDenied report</h1>
<p class="summary">${e(summary)}</p>
${report.groups.length > 0 ? charts(report) : ''}
${unreadable}
<div class="filters">
<label for="filter">Filter <input id="filter" type="search" placeholder="principal, action, resource, cause…" autocomplete="off"></label>
<label for="cause">Cause <select id="cause"><option value="">all causes</option>${causes.map((c) => `<option value="${e(c)}">${e(c === NO_CAUSE ? 'undetermined' : c)}</option>`).join('')}</select></label>
<span id="shown">${report.groups.length} of ${report.groups.length} groups</span>
</div>
${table}
${report.groups.length > 0 ? pager : ''}
<section id="details">
${details.join('\n')}
</section>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
