/**
 * `whydenied scan --format html`: one self-contained page (inline CSS and script, nothing fetched; a
 * Content-Security-Policy with the hashes of both forbids anything else) with the summary, the table of
 * groups, client-side filters (text, cause) and each group's explanation and fix. The table is plain HTML,
 * readable without the script. Every value from the logs is escaped.
 */
import { createHash } from 'node:crypto';
import type { ScanReport } from '../scan/index.js';
import { plain } from './style.js';
import { groupCells, groupDetail, groupFacts, groupHeading, problemText, scanSummary, TABLE_COLUMNS } from './scan-text.js';
import { visible } from './visible.js';

export function escapeHtml(text: string): string {
  // visible first: a bidi override (U+202E) would make `nimda/elor` display as `role/admin` in the page too.
  return visible(text, { lines: true }).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

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
td.fix-yes { color: #1a7f37; font-weight: 600; }
td.fix-no { color: var(--muted); }
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
  var rows = Array.prototype.slice.call(document.querySelectorAll('#groups tbody tr'));
  function apply() {
    var words = filter.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var wanted = cause.value;
    var visible = 0;
    rows.forEach(function (row) {
      var text = row.getAttribute('data-text');
      var ok = words.every(function (w) { return text.indexOf(w) >= 0; }) && (wanted === '' || row.getAttribute('data-cause') === wanted);
      row.hidden = !ok;
      var details = document.getElementById('g' + row.getAttribute('data-group'));
      if (details) details.hidden = !ok;
      if (ok) visible++;
    });
    shown.textContent = visible + ' of ' + rows.length + (rows.length === 1 ? ' group' : ' groups');
  }
  filter.addEventListener('input', apply);
  cause.addEventListener('change', apply);
  apply();
})();
`;

const hash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/** The value of the cause filter for a group without a cause. */
export const NO_CAUSE = '-';

export function renderScanHtml(report: ScanReport): string {
  const e = escapeHtml;
  const summary = scanSummary(report);
  const causes = [...new Set(report.groups.map((g) => g.cause ?? NO_CAUSE))].sort();
  const rows = report.groups.map((g, i) => {
    const cells = groupCells(g);
    const text = [g.principal, g.action, g.resource, g.cause, g.sampleFile].filter((v) => v !== null).join(' ').toLowerCase();
    const td = cells.map((cell, c) => {
      const cls = c < 2 ? 'time' : c === 2 ? 'num' : c === 3 || c === 5 ? 'arn' : c === 6 ? 'cause' : c === 7 ? `fix-${g.fix ? 'yes' : 'no'}` : '';
      const full = c === 3 ? (g.principal ?? cell) : c === 5 ? (g.resource ?? cell) : cell;
      const content = c === 6 && g.cause !== null ? `<code>${e(full)}</code>` : e(full);
      return `<td${cls ? ` class="${cls}"` : ''}>${content}</td>`;
    });
    return `<tr data-group="${i + 1}" data-cause="${e(g.cause ?? NO_CAUSE)}" data-text="${e(text)}">${td.join('')}<td><a href="#g${i + 1}">#${i + 1}</a></td></tr>`;
  });
  const details = report.groups.map((g, i) => {
    const facts = groupFacts(g)
      .map(([k, v]) => `<dt>${e(k)}</dt><dd>${e(v)}</dd>`)
      .join('');
    const body = g.explanation ? `<pre>${e(groupDetail(g.explanation, plain).trimEnd())}</pre>` : '';
    return `<article id="g${i + 1}" data-group="${i + 1}"><h2>${e(groupHeading(g, i))}</h2><dl>${facts}</dl>${body}</article>`;
  });
  const unreadable =
    report.unreadable.length === 0
      ? ''
      : `<section class="unreadable"><strong>Could not be read (in full)</strong><ul>${report.unreadable.map((u) => `<li>${e(u.file)}: ${e(problemText(u.problem))}</li>`).join('')}</ul></section>`;
  const table =
    report.groups.length === 0
      ? `<p class="empty">${report.events === 0 ? 'No CloudTrail events found.' : 'No denials found.'}</p>`
      : `<div class="wrap"><table id="groups"><thead><tr>${TABLE_COLUMNS.map((c) => `<th>${e(c.toLowerCase())}</th>`).join('')}<th></th></tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
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
${unreadable}
<div class="filters">
<label for="filter">Filter <input id="filter" type="search" placeholder="principal, action, resource, cause…" autocomplete="off"></label>
<label for="cause">Cause <select id="cause"><option value="">all causes</option>${causes.map((c) => `<option value="${e(c)}">${e(c === NO_CAUSE ? 'undetermined' : c)}</option>`).join('')}</select></label>
<span id="shown">${report.groups.length} of ${report.groups.length} groups</span>
</div>
${table}
<section id="details">
${details.join('\n')}
</section>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
