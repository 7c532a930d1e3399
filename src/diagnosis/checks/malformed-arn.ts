/**
 * The requested resource ARN (or a policy's) is malformed for its service: missing the `instance/` part,
 * wrong service, empty Region or account, an account that is not 12 digits, an Amazon Connect ID that is
 * not a UUID.
 */
import { actionResourceTypes, catalogAction, matchTemplate, tokenize } from '../../catalog/arn-templates.js';
import { parseArn } from '../../policy/arn.js';
import { ANY_RUN, compileParts } from '../../policy/wildcard.js';
import { nonUuidId } from '../../catalog/connect.js';
import { about, defineCheck, type CheckLocation } from '../check.js';
import { message, type Report, type Words } from '../rule.js';

export type ArnProblem = 'notAnArn' | 'wrongService' | 'emptyRegion' | 'emptyAccount' | 'badAccount' | 'missingInstance' | 'noTemplateFits' | 'notUuid';

/**
 * Whether an ARN has a template's shape with each placeholder any run of characters: names may hold `/`
 * (CloudWatch Logs groups such as `/aws/lambda/fn`), which the strict template match does not allow.
 */
function fitsLoosely(template: string, arn: string): boolean {
  return compileParts(tokenize(template).map((t) => ('literal' in t ? t.literal : ANY_RUN))).matches(arn);
}

/** Why an ARN is malformed for the action's resource types; undefined when it is fine. */
export function arnProblem(resource: string, action: string): { problem: ArnProblem; expected?: string; placeholder?: string; part?: string } | undefined {
  if (resource === '*') return undefined;
  const catalog = catalogAction(action);
  const types = catalog ? actionResourceTypes(catalog) : [];
  const expected = (types.find((t) => t.required) ?? types[0])?.type.arn;
  const hint = expected !== undefined ? { expected } : {};
  const arn = parseArn(resource);
  if (!arn) return { problem: 'notAnArn', ...hint };
  const service = action.slice(0, action.indexOf(':')).toLowerCase();
  if (resource.includes('%3A') || resource.includes('%3a') || arn.resource.includes('arn:')) return undefined; // id-passed-as-arn says it better
  if (types.length > 0 && !types.some((t) => t.type.arn.split(':')[2] === arn.service) && arn.service !== service) return { problem: 'wrongService', ...hint };
  // Only when every resource type of the action has a Region (an account): S3 bucket and object ARNs have
  // neither, while S3 access point ARNs have both.
  if (arn.region === '' && types.length > 0 && types.every((t) => t.type.arn.includes('${Region}'))) return { problem: 'emptyRegion', ...hint };
  if (arn.account === '' && types.length > 0 && types.every((t) => t.type.arn.includes('${Account}'))) return { problem: 'emptyAccount', ...hint };
  // API Gateway masks the account in its messages (`********1234`): not a malformed ARN.
  if (arn.account !== '' && arn.account !== 'aws' && !/^\d{12}$/.test(arn.account) && !/^\*{4,11}\d{1,8}$/.test(arn.account)) return { problem: 'badAccount', ...hint };
  if (types.length === 0) return undefined;
  const fits = types.map((t) => matchTemplate(t.type.arn, resource)).filter((v) => v !== undefined);
  if (fits.length === 0) {
    if (types.some((t) => fitsLoosely(t.type.arn, resource))) return undefined;
    if (service === 'connect' && !arn.resource.startsWith('instance/')) return { problem: 'missingInstance', ...hint };
    return { problem: 'noTemplateFits', ...hint };
  }
  if (service === 'connect') {
    for (const values of fits) {
      const bad = nonUuidId(values);
      if (bad) return { problem: 'notUuid', ...bad };
    }
  }
  return undefined;
}

/** Whether the statement's actions include one of the ARN's service (a NotAction statement may: `*`). */
function otherServiceAllowed(actions: readonly string[], pattern: string): boolean {
  const service = parseArn(pattern)?.service.toLowerCase();
  return service !== undefined && actions.some((action) => action === '*' || action.toLowerCase().startsWith(`${service}:`) || /^[^:]*[*?][^:]*:/.test(action));
}

/** A malformed ARN: the resource (requested, or named by a policy), the action, and what is wrong with it. */
type Malformed = { resource: string; action: string; expected: string | undefined; placeholder: string | undefined; part: string | undefined };
const expected = (d: Malformed, w: Words) => (d.expected ? `; expected ${w.q(d.expected)}` : '');
const arnMessage = (text: (d: Malformed, w: Words) => string) => message((d: Malformed, w) => `${text(d, w)}${expected(d, w)}.`);

const messages = {
  'request.notAnArn': arnMessage((d, w) => `The requested resource ${w.q(d.resource)} is not an ARN`),
  'request.wrongService': arnMessage((d, w) => `The requested resource ${w.q(d.resource)} belongs to another service than ${w.q(d.action)}`),
  'request.emptyRegion': arnMessage((d, w) => `The requested resource ${w.q(d.resource)} has an empty Region`),
  'request.emptyAccount': arnMessage((d, w) => `The requested resource ${w.q(d.resource)} has an empty account`),
  'request.badAccount': arnMessage((d, w) => `The account in ${w.q(d.resource)} is not a 12-digit account ID`),
  'request.missingInstance': arnMessage((d, w) => `The requested resource ${w.q(d.resource)} lacks the ${w.q('instance/INSTANCE_ID/')} part`),
  'request.noTemplateFits': arnMessage((d, w) => `The requested resource ${w.q(d.resource)} fits no resource type of ${w.q(d.action)}`),
  'request.notUuid': message(
    (d: Malformed, w) => `In ${w.q(d.resource)} the ${String(d.placeholder)} ${w.q(d.part)} is not a UUID: Amazon Connect IDs look like \`9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f\`.`,
  ),
  policy: message((d: { detail: string; pointer: string }, w) => `In a policy: ${String(d.detail)} (at ${w.q(d.pointer)}).`),
  'policy.notAnArn': arnMessage((d, w) => `The policy resource ${w.q(d.resource)} is not an ARN`),
  'policy.wrongService': arnMessage((d, w) => `The policy resource ${w.q(d.resource)} belongs to another service than ${w.q(d.action)}`),
  'policy.emptyRegion': arnMessage((d, w) => `The policy resource ${w.q(d.resource)} has an empty Region`),
  'policy.emptyAccount': arnMessage((d, w) => `The policy resource ${w.q(d.resource)} has an empty account`),
  'policy.badAccount': arnMessage((d, w) => `The account in the policy resource ${w.q(d.resource)} is not a 12-digit account ID`),
  'policy.missingInstance': arnMessage((d, w) => `The policy resource ${w.q(d.resource)} lacks the ${w.q('instance/INSTANCE_ID/')} part`),
  'policy.notUuid': message((d: Malformed, w) => `In the policy resource ${w.q(d.resource)} the ${String(d.placeholder)} ${w.q(d.part)} is not a UUID.`),
};

export const malformedArn = defineCheck({
  meta: { id: 'malformed-arn', title: 'A resource ARN is malformed for its service', docs: 'docs/checks/malformed-arn.md', severity: 'error', messages },
  run(ctx) {
    const findings: Report<typeof messages, CheckLocation | undefined>[] = [];
    const request = ctx.request;
    if (request) {
      const p = arnProblem(request.resource, request.action);
      if (p) findings.push({ messageId: `request.${p.problem}`, data: { resource: request.resource, action: request.action, expected: p.expected, placeholder: p.placeholder, part: p.part } });
    }
    for (const w of ctx.warnings) {
      if (w.code !== 'malformed-arn') continue;
      findings.push({ messageId: 'policy', severity: 'warning', data: { detail: w.message, pointer: w.pointer } });
    }
    // Allow statements whose resource is an ARN of this action's service that fits none of its templates.
    if (request && ctx.result && ctx.result.decision !== 'allow') {
      for (const a of ctx.analysis) {
        const source = a.statement.source;
        if (a.effect !== 'Allow' || !a.action || a.resource || !source.resource) continue;
        for (const pattern of source.resource) {
          if (/[*?$]/.test(pattern)) continue;
          const p = arnProblem(pattern, request.action);
          // A statement for several services names each one's resources: a queue ARN next to a flow ARN is fine.
          if (p?.problem === 'wrongService' && otherServiceAllowed(source.action ?? ['*'], pattern)) continue;
          if (p && p.problem !== 'noTemplateFits') findings.push({ messageId: `policy.${p.problem}`, data: { resource: pattern, action: request.action, expected: p.expected, placeholder: p.placeholder, part: p.part }, location: about(a) });
        }
      }
    }
    return findings;
  },
});
