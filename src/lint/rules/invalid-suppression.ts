/**
 * invalid-suppression: an inline suppression (a `# whydenied-disable` comment in YAML, a CloudFormation
 * resource's `Metadata.whydenied.suppress`) without a reason, naming no rule, or suppressing nothing. Its
 * findings come from src/lint/suppress.ts, not from a policy: a suppression cannot suppress them.
 */
import { message } from '../../diagnosis/rule.js';

export const invalidSuppressionMeta = {
  id: 'invalid-suppression',
  title: 'A suppression without a reason, for no rule, or that suppresses nothing',
  severity: 'error',
  docs: 'docs/lint/invalid-suppression.md',
  help: 'A suppression (a `# whydenied-disable RULE -- REASON` comment, a CloudFormation `Metadata.whydenied.suppress` entry) without a reason, for a rule that does not exist, or that suppresses nothing.',
  messages: {
    noReason: message(
      (d: { rules: readonly string[] }, w) => `This suppression of ${w.qs(d.rules)} gives no reason: say why, e.g. \`# whydenied-disable ${d.rules.join(', ')} -- REASON\` or \`reason: REASON\`.`,
    ),
    unknownRule: message(
      (d: { rule: string; suggestion: string | undefined }, w) => `${w.q(d.rule)} is not a rule, so this suppression suppresses nothing${d.suggestion ? ` (did you mean ${w.q(d.suggestion)}?)` : ''}.`,
    ),
    malformed: message((d: { detail: string }) => `This suppression cannot be read: ${d.detail}.`),
    unused: message((d: { rules: readonly string[] }, w) => `This suppression of ${w.qs(d.rules)} suppresses nothing here: remove it.`),
  },
} as const;
