/** The words of `doctor connect`: each check's template filled (message and fix), and the human report. */
import type { Messages } from '../diagnosis/rule.js';
import type { DoctorText, DoctorWords } from '../doctor/check.js';
import { DOCTOR_CHECKS, type DoctorCheck } from '../doctor/checks/index.js';
import type { DoctorReport } from '../doctor/connect.js';
import { renderUnreadable } from './collected.js';
import { explanationJson, renderExplanation } from './explanation.js';
import { findingMessage } from './findings.js';
import type { Style } from './style.js';
import { visible } from './visible.js';
import { fill, words } from './words.js';

const TEMPLATES = new Map<string, Messages>(DOCTOR_CHECKS.map((c) => [c.meta.id, c.meta.messages]));

/** A check's message and fix: its template filled, with the words of the explanation's findings at hand. */
export function doctorCheckText(c: DoctorCheck, report?: Pick<DoctorReport, 'explanation'>): DoctorText {
  const w: DoctorWords = {
    ...words,
    finding: (i) => {
      const f = i === undefined ? undefined : report?.explanation?.findings[i];
      return f && findingMessage(f);
    },
  };
  return fill<DoctorText, DoctorWords>(TEMPLATES.get(c.id) ?? {}, c, w) ?? { message: c.messageId };
}

const TITLES = new Map<string, string>(DOCTOR_CHECKS.map((c) => [c.meta.id, c.meta.title]));

/** The report as `--json` prints it: each check with its words, the explanation with the words of its findings. */
export function doctorJson(report: DoctorReport): unknown {
  return {
    ...report,
    checks: report.checks.map((c) => {
      const text = doctorCheckText(c, report);
      return { ...c, message: text.message, ...(text.fix !== undefined && { fix: text.fix }) };
    }),
    ...(report.explanation && { explanation: explanationJson(report.explanation) }),
  };
}

export function renderDoctor(report: DoctorReport, style: Style): string {
  const mark = { pass: style.green('PASS'), warn: style.yellow('WARN'), fail: style.red('FAIL') };
  const lines = [
    style.bold(`Amazon Connect chat doctor: ${visible(report.flow?.arn ?? report.instance.arn)}`),
    `  principal: ${visible(report.principal)}${report.principalFrom === 'caller' ? style.dim(' (the caller; give --principal for the backend\'s role)') : ''}`,
    visible(`  read as ${report.caller} in account ${report.account}`),
    '',
  ];
  for (const c of report.checks) {
    const text = doctorCheckText(c, report);
    lines.push(`${mark[c.status]}  ${TITLES.get(c.id)}`, `      ${visible(text.message)}`);
    if (text.fix && c.status !== 'pass') lines.push(`      ${style.bold('Fix:')} ${visible(text.fix)}`);
  }
  const evaluation = report.checks.find((c) => c.id === 'start-chat-contact');
  if (report.explanation && evaluation?.status === 'fail') {
    lines.push('', style.bold('StartChatContact, explained'), '', renderExplanation(report.explanation, 'json', style).trimEnd());
  }
  const unreadable = renderUnreadable(report.unreadable, style);
  if (unreadable) lines.push('', unreadable.trimEnd());
  const counts = { pass: 0, warn: 0, fail: 0 };
  for (const c of report.checks) counts[c.status]++;
  lines.push('', `${counts.pass} passed, ${counts.warn} warning${counts.warn === 1 ? '' : 's'}, ${counts.fail} failed`);
  return `${lines.join('\n')}\n`;
}
