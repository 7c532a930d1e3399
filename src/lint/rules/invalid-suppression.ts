/**
 * invalid-suppression: an inline suppression (a `# whydenied-disable` comment in YAML, a CloudFormation
 * resource's `Metadata.whydenied.suppress`) without a reason, naming no rule, or suppressing nothing. Its
 * findings come from src/lint/suppress.ts, not from a policy: a suppression cannot suppress them.
 */
import { message } from '../../diagnosis/rule.js';

/** What a suppression that cannot be read should have been: a comment naming its rule, CloudFormation metadata, one entry of it. */
export type SuppressionShape = 'comment' | 'metadata' | 'entry';

const SHAPES: Readonly<Record<SuppressionShape, string>> = {
  comment: 'name the rule: `# whydenied-disable RULE -- REASON`',
  metadata: '`Metadata.whydenied` holds `suppress`: a list of { rule, reason, statement }',
  entry: 'each suppression is { rule: RULE-ID, reason: TEXT, statement: SID (optional) }',
};

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
    malformed: message((d: { shape: SuppressionShape }) => `This suppression cannot be read: ${SHAPES[d.shape]}.`),
    unused: message((d: { rules: readonly string[] }, w) => `This suppression of ${w.qs(d.rules)} suppresses nothing here: remove it.`),
  },
} as const;
