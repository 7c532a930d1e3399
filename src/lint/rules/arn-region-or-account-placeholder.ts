/**
 * arn-region-or-account-placeholder: an ARN still holds a placeholder from a template or an example:
 * REGION, ACCOUNT_ID, INSTANCE_ID, `<instance-id>`, `{flow}`, `${Region}` outside a `!Sub`, or an account
 * ID from the AWS documentation (123456789012, 111122223333...). It matches no real resource. When the
 * file names exactly one Region or account elsewhere, the fix uses it.
 */
import { parseArn } from '../../policy/arn.js';
import { itemPointer } from '../policy.js';
import { message } from '../../diagnosis/rule.js';
import { defineRule, type AccountSettings, type RuleFinding, type SuggestedFix } from '../types.js';
import { finding, harvest } from './shared.js';

/** One message per field and kind of placeholder: `region.word`, `account.exampleAccount`... (example accounts are only accounts). */
const FIELDS = ['region', 'account', 'resource'] as const;
const KINDS = ['word', 'angle', 'braces', 'cfnPseudo', 'exampleAccount'] as const;
type PlaceholderId = `${'region' | 'resource'}.${Exclude<Placeholder['kind'], 'exampleAccount'>}` | `account.${Placeholder['kind']}`;
const FIELD_WORDS = { region: 'Region', account: 'account', resource: 'resource part' } as const;
type Data = { value: string; placeholder: string; field: string };
function placeholderMessage(field: Placeholder['field'], kind: Placeholder['kind']) {
  return message((d: Data, w) => {
    const what =
      kind === 'exampleAccount'
        ? `the example account ${w.q(d.placeholder)} from the AWS documentation`
        : kind === 'cfnPseudo'
          ? `${w.q(d.placeholder)}, which CloudFormation only replaces inside \`!Sub\` / \`Fn::Sub\``
          : `the placeholder ${w.q(d.placeholder)}`;
    return `The ${FIELD_WORDS[field]} of ${w.q(d.value)} is ${what}: the ARN matches no real resource.`;
  });
}
const PLACEHOLDER_MESSAGES = Object.fromEntries(
  FIELDS.flatMap((f) => KINDS.filter((k) => k !== 'exampleAccount' || f === 'account').map((k) => [`${f}.${k}`, placeholderMessage(f, k)])),
) as Record<PlaceholderId, ReturnType<typeof placeholderMessage>>;

const meta = {
  id: 'arn-region-or-account-placeholder',
  title: 'An ARN still holds a placeholder or an example account',
  severity: 'error',
  docs: 'docs/lint/arn-region-or-account-placeholder.md',
  help: 'An ARN still holds a placeholder (REGION, ACCOUNT_ID, INSTANCE_ID, <id>, ${Region} outside !Sub) or an example account from the AWS documentation: it matches no real resource.',
  messages: PLACEHOLDER_MESSAGES,
} as const;

/** Account IDs the AWS documentation uses in examples. */
const EXAMPLE_ACCOUNTS = new Set(['123456789012', '111122223333', '444455556666', '777788889999', '210987654321', '012345678901', '098765432109']);

const isExampleAccount = (account: string) => EXAMPLE_ACCOUNTS.has(account) || /^(\d)\1{11}$/.test(account);

export type Placeholder = {
  /** The placeholder text as written. */
  readonly text: string;
} & ({ readonly field: 'region' | 'resource'; readonly kind: 'word' | 'angle' | 'braces' | 'cfnPseudo' } | { readonly field: 'account'; readonly kind: 'word' | 'angle' | 'braces' | 'cfnPseudo' | 'exampleAccount' });

const WORD = /^[A-Z][A-Z0-9]*([_-][A-Z0-9]+)*$/;
const ID_WORD = /^([A-Z][A-Z0-9]*[_-])*(ID|NAME|ARN|NUMBER|REGION|ACCOUNT|ACCOUNTID)$/;

/** `<...>`, `{...}` or a `${...}` that is no policy variable (`${Region}`, CloudFormation's `${AWS::Region}`). */
function bracketed(text: string): 'angle' | 'braces' | 'cfnPseudo' | undefined {
  if (/<[^<>]*>/.test(text)) return 'angle';
  const dollar = /\$\{([^}]*)\}/.exec(text);
  if (dollar) {
    const inner = dollar[1]!;
    if (inner.startsWith('AWS::')) return 'cfnPseudo';
    if (!inner.includes(':') && !['*', '?', '$'].includes(inner.trim())) return 'braces';
  }
  if (/(^|[^$])\{[^}]*\}/.test(text)) return 'braces';
  return undefined;
}

/**
 * The first placeholder in an ARN (unknown CloudFormation values are not placeholders). The
 * configuration's own accounts, and the example accounts when it turns them off, are accepted.
 */
export function placeholderIn(text: string, accounts?: AccountSettings): Placeholder | undefined {
  if (!text.startsWith('arn:')) return undefined;
  // `${AWS::Region}` holds colons: find it before splitting the ARN into fields.
  const pseudo = /\$\{AWS::(\w+)\}/.exec(text);
  if (pseudo) return { field: pseudo[1] === 'Region' ? 'region' : pseudo[1] === 'AccountId' ? 'account' : 'resource', text: pseudo[0], kind: 'cfnPseudo' };
  const arn = parseArn(text);
  if (!arn) {
    const kind = bracketed(text);
    return kind ? { field: 'resource', text, kind } : undefined;
  }
  const region = arn.region;
  const regionKind = bracketed(region) ?? (WORD.test(region) || /^(your|my)[-_]?region$/i.test(region) || region.toLowerCase() === 'region' ? 'word' : undefined);
  if (regionKind) return { field: 'region', text: region, kind: regionKind };
  const account = arn.account;
  const accepted = accounts !== undefined && (accounts.own.has(account) || (accounts.examples === 'off' && isExampleAccount(account)));
  const accountKind = accepted
    ? undefined
    : bracketed(account) ??
    (isExampleAccount(account) ? 'exampleAccount' : WORD.test(account) || /^(x{12}|X{12}|account[-_]?id|your[-_]?account([-_]?id)?)$/i.test(account) ? 'word' : undefined);
  if (accountKind) return { field: 'account', text: account, kind: accountKind };
  const resourceKind = bracketed(arn.resource);
  if (resourceKind) return { field: 'resource', text: arn.resource, kind: resourceKind };
  const word = arn.resource.split(/[/:]/).find((s) => ID_WORD.test(s) || /^(YOUR|REPLACE|CHANGE)[_-]/i.test(s));
  if (word) return { field: 'resource', text: word, kind: 'word' };
  return undefined;
}

export const arnRegionOrAccountPlaceholder = defineRule({
  meta,
  run(ctx) {
    const { policy } = ctx;
    const out: RuleFinding<typeof meta.messages>[] = [];
    const known = harvest(ctx.fileArns.filter((a) => placeholderIn(a, ctx.accounts) === undefined));
    for (const statement of policy.parsed?.statements ?? []) {
      for (const field of ['Resource', 'NotResource'] as const) {
        const list = field === 'Resource' ? statement.resource : statement.notResource;
        (list ?? []).forEach((value, i) => {
          const found = placeholderIn(value, ctx.accounts);
          if (!found) return;
          const pointer = itemPointer(policy, statement, field, i);
          const arn = parseArn(value);
          let fix: SuggestedFix | undefined;
          if (arn && found.field !== 'resource') {
            const candidates = known.get(found.field === 'region' ? 'Region' : 'Account');
            if (candidates?.size === 1) {
              const parts = value.split(':');
              const field = found.field === 'region' ? 3 : 4;
              parts[field] = [...candidates][0]!;
              // The placeholder meant some Region or account: any one keeps to what the ARN meant.
              const meant = value.split(':');
              meant[field] = '*';
              fix = { pointer, value: parts.join(':'), intent: [{ action: '*', resource: meant.join(':') }] };
            }
          }
          const severity = found.kind === 'exampleAccount' && ctx.accounts.examples !== 'off' ? ctx.accounts.examples : undefined;
          out.push(finding(meta, `${found.field}.${found.kind}` as PlaceholderId, pointer, { value, placeholder: found.text, field }, fix, severity));
        });
      }
    }
    return out;
  },
});
