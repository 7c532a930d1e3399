/** `whydenied scan --csv`: one row per group, RFC 4180 (CRLF line ends; quoted when a field needs it). */
import type { ScanReport } from '../scan/index.js';

export const CSV_COLUMNS = ['firstSeen', 'lastSeen', 'count', 'principal', 'action', 'resource', 'cause', 'fix'] as const;

/** One field: quoted (quotes doubled) when it holds a comma, a quote, CR or LF. */
export function csvField(value: string | number | boolean | null): string {
  const text = value === null ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function renderScanCsv(report: ScanReport): string {
  const rows = [CSV_COLUMNS.join(',')];
  for (const g of report.groups) rows.push(CSV_COLUMNS.map((c) => csvField(g[c])).join(','));
  return `${rows.join('\r\n')}\r\n`;
}
