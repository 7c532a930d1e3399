/** The words of `whydenied policy`: why each choice was made, and the self-check. */
import type { Note, PolicyProof, SelfCheck } from '../remedy/policy-builder.js';
import { own } from '../own.js';
import { undecidedLine } from './proof.js';

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

/** The proof in one line (and what it found). */
function proofLines(p: PolicyProof): string[] {
  const pairs = `${p.intended.length} intended action and resource pair${p.intended.length === 1 ? '' : 's'}`;
  if (p.proof === 'proven') return [`# proof: allows nothing beyond the ${pairs} (every request decided symbolically, as whydenied diff does)`];
  if (p.proof === 'refuted') return [`# proof: FAILED, it also allows ${p.grants.slice(0, 3).join('; ')}`];
  return [`# proof: undecided (${p.undecided.slice(0, 2).map(undecidedLine).join('; ')}); the self-check above still holds`];
}

export function renderNotes(notes: readonly Note[], checks: readonly SelfCheck[], proof?: PolicyProof): string {
  const lines = notes.map((n) => `# ${noteText(n)}`);
  const failed = checks.filter((c) => !c.ok);
  lines.push(`# self-check: ${checks.length - failed.length}/${checks.length} passed (the engine evaluated the intended calls and nearby ones)`);
  for (const c of checks) lines.push(`#   ${c.ok ? 'ok  ' : 'FAIL'} ${c.expect === 'allow' ? 'allows' : 'denies'} ${c.request}${c.ok ? '' : ` (got ${c.decision})`}`);
  if (proof) lines.push(...proofLines(proof));
  return `${lines.join('\n')}\n`;
}
