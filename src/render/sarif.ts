/**
 * `whydenied lint --sarif`: SARIF 2.1.0 (OASIS), so code scanning tools show the findings in place. One
 * run; every rule in tool.driver.rules (id, name, descriptions, help, default level); each result with
 * its rule, level, message, physical location (file and region, when the format has lines), logical
 * location (resource › policy › statement) and, where a value can be replaced in place, a fix. Files
 * that could not be read are tool execution notifications. test/lint.test.ts checks the output against
 * the 2.1.0 JSON schema.
 */
import { relative, resolve, sep } from 'node:path';
import { RULE_METAS } from '../lint/rules/index.js';
import type { LintFinding, LintReport, RuleId, SuppressedFinding } from '../lint/types.js';
import { inputProblemMessage } from './input-problems.js';
import { fixMessage, lintMessage, RULE_HELP, suggestionMessage } from './lint-text.js';

export interface SarifOptions {
  readonly version: string;
  /** Artifact URIs are relative to this folder (`%SRCROOT%`). */
  readonly root: string;
}

/** A file path as a URI reference: relative to the root with `/`, each segment percent-encoded. */
/** A path segment in a URI; a byte shown as `\xNN` (a name that is not UTF-8, input/file-name.ts) is that byte, `%NN`. */
const uriSegment = (part: string) => encodeURIComponent(part).replace(/%5Cx([0-9a-f]{2})/g, (_, hex: string) => `%${hex.toUpperCase()}`);

export function artifactUri(file: string, root: string): string {
  if (file === '<stdin>' || file === '-') return 'stdin';
  const rel = relative(root, resolve(root, file));
  const parts = rel.split(sep);
  if (rel.startsWith('..') || resolve(rel) === rel) return `file://${resolve(root, file).split(sep).map(uriSegment).join('/')}`;
  return parts.map(uriSegment).join('/');
}

const pascal = (id: string) => id.replace(/(^|-)([a-z])/g, (_, __, c: string) => c.toUpperCase());

function region(r: { line?: number; column?: number; endLine?: number; endColumn?: number }): Record<string, number> | undefined {
  if (r.line === undefined) return undefined;
  return { startLine: r.line, ...(r.column !== undefined && { startColumn: r.column }), ...(r.endLine !== undefined && { endLine: r.endLine }), ...(r.endColumn !== undefined && { endColumn: r.endColumn }) };
}

/**
 * Where each rule's docs page is published (SARIF `helpUri`, shown by code scanning tools): the page in
 * the repository, stable across versions (the npm package also ships docs/).
 */
export const DOCS_URL = 'https://github.com/whydenied/whydenied/blob/main/';

/** SARIF's suppression of a finding accepted inline, in the configuration, or by the baseline. */
function suppression(s: SuppressedFinding): Record<string, unknown> {
  return { kind: s.kind === 'inSource' ? 'inSource' : 'external', status: 'accepted', justification: s.reason ?? (s.kind === 'baseline' ? 'in the baseline' : 'suppressed') };
}

function result(f: LintFinding, ruleIndex: number, root: string, artifactIndex: number, suppressed?: SuppressedFinding): Record<string, unknown> {
  const uri = artifactUri(f.location.file, root);
  const artifactLocation = uri.startsWith('file:') || uri === 'stdin' ? { uri, index: artifactIndex } : { uri, uriBaseId: '%SRCROOT%', index: artifactIndex };
  const r = region(f.location);
  const names = [f.location.resource !== undefined && f.location.resource !== f.location.policy ? f.location.resource : undefined, f.location.policy, f.location.statement].filter((n) => n !== undefined);
  const fixText = fixMessage(f);
  const suggestionText = suggestionMessage(f);
  // Only a fix proven to allow nothing beyond the statement's intent is a SARIF fix; a suggestion is words.
  return {
    ruleId: f.rule,
    ruleIndex,
    level: f.severity,
    message: { text: lintMessage(f) + (fixText && !lintMessage(f).includes(String(f.fix?.value)) ? ` Fix: ${fixText}.` : '') + (suggestionText ? ` Suggestion: ${suggestionText}.` : '') },
    locations: [
      {
        physicalLocation: { artifactLocation, ...(r && { region: r }) },
        logicalLocations: [{ name: names[names.length - 1] ?? f.location.policy, fullyQualifiedName: names.join('/'), kind: 'member' }],
      },
    ],
    ...(suppressed && { suppressions: [suppression(suppressed)] }),
    partialFingerprints: { 'whydenied/v1': `${f.rule}|${f.messageId}|${names.join('/')}|${f.location.documentPointer}` },
    properties: { messageId: f.messageId, pointer: f.location.pointer, documentPointer: f.location.documentPointer, data: f.data },
    ...(f.fix?.region && {
      fixes: [
        {
          description: { text: fixText ?? 'replace the value' },
          artifactChanges: [
            {
              artifactLocation,
              replacements: [{ deletedRegion: region(f.fix.region), insertedContent: { text: JSON.stringify(f.fix.value) } }],
            },
          ],
        },
      ],
    }),
  };
}

export function renderSarif(report: LintReport, options: SarifOptions): Record<string, unknown> {
  const ruleIndex = new Map<RuleId, number>(RULE_METAS.map((m, i) => [m.id, i]));
  const suppressed = report.suppressed ?? [];
  const files = [...new Set([...report.files.map((f) => f.file), ...report.findings.map((f) => f.location.file), ...suppressed.map((s) => s.finding.location.file)])];
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'whydenied',
            semanticVersion: options.version,
            version: options.version,
            rules: RULE_METAS.map((m) => ({
              id: m.id,
              name: pascal(m.id),
              shortDescription: { text: m.title },
              fullDescription: { text: RULE_HELP[m.id] },
              helpUri: DOCS_URL + m.docs,
              help: { text: `${RULE_HELP[m.id]} See ${DOCS_URL + m.docs}.`, markdown: `${RULE_HELP[m.id]}\n\nSee [${m.docs}](${DOCS_URL + m.docs}).` },
              defaultConfiguration: { level: m.severity },
              properties: { docs: m.docs },
            })),
          },
        },
        invocations: [
          {
            executionSuccessful: report.problems.length === 0,
            toolExecutionNotifications: report.problems.map((p) => ({
              level: 'error',
              message: { text: `${p.file}: ${inputProblemMessage(p)}` },
              locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(p.file, options.root) }, ...(p.line !== undefined && { region: { startLine: p.line, ...(p.column !== undefined && { startColumn: p.column }) } }) } }],
              properties: { messageId: p.messageId, data: p.data },
            })),
          },
        ],
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${options.root.split(sep).map(encodeURIComponent).join('/')}/` } },
        artifacts: files.map((file) => {
          const uri = artifactUri(file, options.root);
          return { location: uri.startsWith('file:') || uri === 'stdin' ? { uri } : { uri, uriBaseId: '%SRCROOT%' } };
        }),
        columnKind: 'utf16CodeUnits',
        results: [
          ...report.findings.map((f) => result(f, ruleIndex.get(f.rule) ?? 0, options.root, files.indexOf(f.location.file))),
          ...suppressed.map((s) => result(s.finding, ruleIndex.get(s.finding.rule) ?? 0, options.root, files.indexOf(s.finding.location.file), s)),
        ],
        ...(report.actionChecks && { properties: { actionChecks: report.actionChecks } }),
      },
    ],
  };
}
