/**
 * Small charts as inline SVG for the HTML scan report: drawn here, so the page fetches nothing and runs
 * no chart code (only presentation attributes: the page's CSP allows no inline style). Labels are escaped.
 */
import { own } from '../own.js';
import { visible } from './visible.js';

/** Text for HTML and SVG (element content and quoted attributes); the HTML report uses it too. */
export function escapeHtml(text: string): string {
  // visible first: a bidi override (U+202E) would make `nimda/elor` display as `role/admin` in the page too.
  return visible(text, { lines: true }).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}
const escapeText = escapeHtml;

export interface Bar {
  readonly label: string;
  readonly value: number;
}

const WIDTH = 420;
const ROW = 22;
const LABEL = 190;

/** Horizontal bars, largest first, at most `max` (the rest summed into "others"). */
export function barChart(title: string, bars: readonly Bar[], max = 8): string {
  const sorted = [...bars].sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : 1));
  const shown = sorted.slice(0, max);
  const rest = sorted.slice(max).reduce((n, b) => n + b.value, 0);
  if (rest > 0) shown.push({ label: `${sorted.length - max} others`, value: rest });
  const top = Math.max(1, ...shown.map((b) => b.value));
  const height = shown.length * ROW + 8;
  const rows = shown.map((b, i) => {
    const y = i * ROW + 4;
    const w = Math.max(1, Math.round(((WIDTH - LABEL - 50) * b.value) / top));
    const label = b.label.length > 30 ? `…${b.label.slice(-29)}` : b.label;
    return `<g><title>${escapeText(`${b.label}: ${b.value}`)}</title><text x="${LABEL - 6}" y="${y + 15}" text-anchor="end" class="lbl">${escapeText(label)}</text><rect x="${LABEL}" y="${y + 3}" width="${w}" height="${ROW - 8}" rx="2" class="bar"></rect><text x="${LABEL + w + 5}" y="${y + 15}" class="val">${b.value}</text></g>`;
  });
  return `<figure class="chart"><figcaption>${escapeText(title)}</figcaption><svg role="img" aria-label="${escapeText(title)}" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}">${rows.join('')}</svg></figure>`;
}

/** Denials per UTC day as vertical bars (every day between the first and the last, empty days too). */
export function timeline(title: string, perDay: Readonly<Record<string, number>>): string {
  const days = Object.keys(perDay).sort();
  if (days.length === 0) return `<figure class="chart"><figcaption>${escapeText(title)}</figcaption><p class="empty">No event times.</p></figure>`;
  const all: string[] = [];
  const DAY = 86_400_000;
  const last = Date.parse(`${days[days.length - 1]}T00:00:00Z`);
  // At most a year of bars; longer ranges keep their latest year (the title says so).
  for (let t = Math.max(Date.parse(`${days[0]}T00:00:00Z`), last - 365 * DAY); t <= last; t += DAY) all.push(new Date(t).toISOString().slice(0, 10));
  const top = Math.max(1, ...all.map((d) => own(perDay, d) ?? 0));
  const height = 120;
  const bw = Math.max(2, Math.min(28, Math.floor((WIDTH - 40) / all.length)));
  const bars = all.map((d, i) => {
    const v = own(perDay, d) ?? 0;
    const h = v === 0 ? 0 : Math.max(1, Math.round(((height - 30) * v) / top));
    return `<g><title>${d} (UTC): ${v}</title><rect x="${30 + i * bw}" y="${height - 20 - h}" width="${Math.max(1, bw - 1)}" height="${h}" class="bar"></rect></g>`;
  });
  const axis = `<text x="30" y="${height - 5}" class="lbl">${all[0]}</text><text x="${30 + all.length * bw}" y="${height - 5}" text-anchor="end" class="lbl">${all[all.length - 1]}</text><text x="26" y="14" text-anchor="end" class="val">${top}</text>`;
  const width = Math.max(WIDTH, 40 + all.length * bw);
  return `<figure class="chart"><figcaption>${escapeText(title)}</figcaption><svg role="img" aria-label="${escapeText(title)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}">${bars.join('')}${axis}</svg></figure>`;
}
