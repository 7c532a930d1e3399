/**
 * deny-everything: a Deny without conditions that covers actions an Allow of the same file grants, on
 * every resource that Allow names, for the same principal (the same policy, a scenario's policies, the
 * policies a template attaches to one role): those grants can never work. Coverage is decided by
 * pattern inclusion (src/lint/arn-glob.ts `covers`), which never claims more than it can prove.
 */
import type { ParsedStatement } from '../../policy/parse.js';
import { wildcardMatch } from '../../policy/wildcard.js';
import { covers, patternTokens } from '../arn-glob.js';
import { message } from '../../diagnosis/rule.js';
import { defineRule, type LintPolicy, type RuleFinding } from '../types.js';
import { finding } from './shared.js';

/** The Deny, the Allow it blocks (and its policy), and the actions blocked. */
type Data = { deny: string; allow: string; allowPolicy: string; samePolicy: boolean; actions: readonly string[] };

const meta = {
  id: 'deny-everything',
  title: 'A Deny blocks what the file allows',
  severity: 'error',
  docs: 'docs/lint/deny-everything.md',
  help: 'A Deny without conditions covers what an Allow of the same file grants, on every resource the Allow names: that Allow can never work.',
  messages: {
    allowDead: message(
      (d: Data, w) =>
        `This Deny has no condition and covers everything statement ${w.q(d.allow)}${d.samePolicy ? '' : ` of ${w.q(d.allowPolicy)}`} allows (${w.qs(d.actions)}) on the resources it names: that Allow can never work.`,
    ),
    actionsDead: message(
      (d: Data, w) =>
        `This Deny has no condition and covers ${w.qs(d.actions)}, which statement ${w.q(d.allow)}${d.samePolicy ? '' : ` of ${w.q(d.allowPolicy)}`} allows on the resources it names: that part of the Allow can never work.`,
    ),
  },
} as const;

const label = (s: ParsedStatement) => s.sid ?? String(s.index);

function blocksAction(deny: ParsedStatement, action: string): boolean {
  const a = action.toLowerCase();
  if (deny.action) return deny.action.some((d) => covers(patternTokens(d.toLowerCase(), false), patternTokens(a, false)));
  if (deny.notAction) return !/[*?]/.test(a) && !deny.notAction.some((n) => wildcardMatch(n.toLowerCase(), a));
  return false;
}

function blocksResources(deny: ParsedStatement, allow: ParsedStatement, variables: boolean): boolean {
  if (!deny.resource) return deny.notResource === undefined && allow.resource === undefined; // both on the resource they are attached to
  if (deny.resource.some((d) => /^\*+$/.test(d))) return true;
  if (!allow.resource) return false;
  return allow.resource.every((a) => deny.resource!.some((d) => covers(patternTokens(d, variables), patternTokens(a, variables))));
}

/** A Deny that applies to every caller it can meet: no condition, no Principal other than "*". */
function unconditional(s: ParsedStatement): boolean {
  if (s.conditions.length > 0 || s.notPrincipal) return false;
  return !s.principal || s.principal.some((p) => p.kind === 'any');
}

export const denyEverything = defineRule({
  meta,
  run(ctx) {
    const { policy } = ctx;
    const out: RuleFinding<typeof meta.messages>[] = [];
    const denies = (policy.parsed?.statements ?? []).filter((s) => s.effect === 'Deny' && unconditional(s));
    if (denies.length === 0) return out;
    const others: LintPolicy[] = [policy, ...ctx.related];
    for (const deny of denies) {
      for (const other of others) {
        const variables = other.parsed?.version === '2012-10-17' && policy.parsed?.version === '2012-10-17';
        for (const allow of other.parsed?.statements ?? []) {
          if (allow.effect !== 'Allow' || !allow.action) continue;
          const blocked = allow.action.filter((a) => blocksAction(deny, a));
          if (blocked.length === 0 || !blocksResources(deny, allow, variables)) continue;
          out.push(
            finding(meta, blocked.length === allow.action.length ? 'allowDead' : 'actionsDead', deny.pointer, {
              deny: label(deny),
              allow: label(allow),
              allowPolicy: other.name,
              samePolicy: other === policy,
              actions: blocked,
            }),
          );
        }
      }
    }
    return out;
  },
});
