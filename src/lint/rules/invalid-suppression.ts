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
  messages: {
    noReason: message<{ rules: readonly string[] }>(),
    unknownRule: message<{ rule: string; suggestion: string | undefined }>(),
    malformed: message<{ detail: string }>(),
    unused: message<{ rules: readonly string[] }>(),
  },
} as const;
