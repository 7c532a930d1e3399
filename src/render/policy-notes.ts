/** The words of `whydenied policy`: why each choice was made, and the self-check. */
import type { Note, SelfCheck } from '../remedy/policy-builder.js';
import { own } from '../own.js';

const NOTES: Record<string, (d: Readonly<Record<string, string>>) => string> = {
  resourceType: (d) => `${d['action']} is authorized on the ${d['type']} resource: ${d['arn']}`,
  unknownId: (d) => `${d['placeholder']} was not given, so ${d['action']} gets the narrowest wildcard (*) there`,
  unknownScope: (d) => `the ${d['placeholder']} was not given: * (give --${d['placeholder']!.toLowerCase()} or --instance ARN to narrow it)`,
  wildcardOnly: (d) => `${d['action']} supports no resource-level permissions: AWS only accepts "Resource": "*" for it`,
  sourceVpce: (d) => `calls must come through VPC endpoint ${d['value']} (aws:SourceVpce); note that aws:SourceIp is absent on endpoint traffic`,
  sourceVpc: (d) => `calls must come through an endpoint in VPC ${d['value']} (aws:SourceVpc); note that aws:SourceIp is absent on endpoint traffic`,
  sourceIp: (d) => `calls must come from ${d['value']} (aws:SourceIp); calls through a VPC endpoint have no aws:SourceIp and will be denied`,
};

export function noteText(note: Note): string {
  return own(NOTES, note.id)?.(note.data) ?? note.id;
}

export function renderNotes(notes: readonly Note[], checks: readonly SelfCheck[]): string {
  const lines = notes.map((n) => `# ${noteText(n)}`);
  const failed = checks.filter((c) => !c.ok);
  lines.push(`# self-check: ${checks.length - failed.length}/${checks.length} passed (the engine evaluated the intended calls and nearby ones)`);
  for (const c of checks) lines.push(`#   ${c.ok ? 'ok  ' : 'FAIL'} ${c.expect === 'allow' ? 'allows' : 'denies'} ${c.request}${c.ok ? '' : ` (got ${c.decision})`}`);
  return `${lines.join('\n')}\n`;
}
