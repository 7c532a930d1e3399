/**
 * `whydenied scan --csv`: one row per group, RFC 4180 (CRLF line ends; quoted when a field needs it).
 * Principals, actions and resources come from CloudTrail, so a spreadsheet must never run them: cells
 * that start with `=`, `+`, `-`, `@`, a tab or a carriage return are escaped (csv-stringify's
 * escape_formulas puts a `'` in front).
 */
import { stringify } from 'csv-stringify/sync';
import type { ScanReport } from '../scan/index.js';

export const CSV_COLUMNS = ['firstSeen', 'lastSeen', 'count', 'principal', 'action', 'resource', 'cause', 'fix'] as const;

export function renderScanCsv(report: ScanReport): string {
  const rows = report.groups.map((g) => CSV_COLUMNS.map((c) => g[c] ?? ''));
  // A lone LF or CR is a line break to Excel too: quote it as RFC 4180 says (csv-stringify only quotes CRLF).
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows', escape_formulas: true, quoted_match: /[\r\n]/, cast: { number: String, boolean: String } });
}
