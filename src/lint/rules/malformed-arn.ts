/**
 * malformed-arn: a Resource or NotResource that cannot be the ARN it means: not an ARN at all, fewer
 * than six fields, an unknown partition, a Region or account that is no Region or account (the catalog
 * checks of src/policy/catalog-checks.ts find the first of these), an empty Region or account where the
 * service's ARNs have one, an ARN inside an ARN (an ARN passed where an ID goes), and for Amazon Connect
 * a missing `instance/INSTANCE_ID/` part or an ID that is not a UUID. Placeholders (REGION, ACCOUNT_ID)
 * are arn-region-or-account-placeholder's.
 */
import { matchTemplate } from '../../catalog/arn-templates.js';
import { nonUuidId } from '../../catalog/connect.js';
import { resourceTypesOf } from '../../catalog/index.js';
import { parseArn } from '../../policy/arn.js';
import { itemPointer } from '../policy.js';
import { message } from '../../diagnosis/rule.js';
import { defineRule, type RuleFinding } from '../types.js';
import { hasUnknown, isWhollyUnknown } from '../unknown.js';
import { placeholderIn } from './arn-region-or-account-placeholder.js';
import { finding } from './shared.js';

/** The value and its field; the part that is wrong, the ARN's service, the Amazon Connect placeholder, by message. */
type Data = { value: string; field: string; part?: string; service?: string; placeholder?: string };
type Defect = Pick<Data, 'part' | 'service' | 'placeholder'>;

const meta = {
  id: 'malformed-arn',
  title: 'A resource ARN is malformed',
  severity: 'error',
  docs: 'docs/lint/malformed-arn.md',
  help: 'A Resource is not a well-formed ARN for its service: too few fields, a bad partition, Region or account, an ARN where an ID goes, or an Amazon Connect ID that is not a UUID.',
  messages: {
    notAnArn: message((d: Data, w) => `${w.q(d.value)} is not an ARN (nor ${w.q('*')}), so it matches no resource.`),
    incomplete: message((d: Data, w) => `${w.q(d.value)} has fewer than the six fields of an ARN (\`arn:partition:service:region:account:resource\`), so it matches nothing.`),
    badAccount: message((d: Data, w) => `The account of ${w.q(d.value)} is ${w.q(d.part)}, not a 12-digit account ID.`),
    badPartition: message((d: Data, w) => `${w.q(d.part)} in ${w.q(d.value)} is not an AWS partition (\`aws\`, \`aws-cn\`, \`aws-us-gov\`...).`),
    emptyService: message((d: Data, w) => `${w.q(d.value)} has no service.`),
    badRegion: message((d: Data, w) => `${w.q(d.part)} in ${w.q(d.value)} is not a Region (Regions look like \`us-east-1\`).`),
    nestedArn: message((d: Data, w) => `${w.q(d.value)} holds a whole ARN (${w.q(d.part)}) where an ID goes.`),
    emptyRegion: message((d: Data, w) => `${w.q(d.value)} has an empty Region, but every ${w.q(d.service)} ARN has one.`),
    emptyAccount: message((d: Data, w) => `${w.q(d.value)} has an empty account, but every ${w.q(d.service)} ARN has one.`),
    missingInstance: message((d: Data, w) => `${w.q(d.value)} lacks the \`instance/INSTANCE_ID/\` part every Amazon Connect ARN of an instance's resources has.`),
    notUuid: message((d: Data, w) => `In ${w.q(d.value)} the ${d.placeholder} ${w.q(d.part)} is not a UUID: Amazon Connect IDs look like \`9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f\`.`),
  },
} as const;

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const plain = (field: string) => field !== '' && !/[*?]/.test(field) && !hasUnknown(field) && !field.includes('${');

/**
 * What the catalog checks do not look at; undefined when the ARN is fine. (Not an ARN, fewer than six
 * fields and an account that is not 12 digits come from src/policy/catalog-checks.ts.)
 */
export function arnDefect(value: string): { messageId: keyof typeof meta.messages; data: Defect } | undefined {
  if (!value.startsWith('arn:') || isWhollyUnknown(value)) return undefined;
  const arn = parseArn(value);
  if (!arn || placeholderIn(value)) return undefined;
  if (plain(arn.partition) && !PARTITIONS.has(arn.partition)) return { messageId: 'badPartition', data: { part: arn.partition } };
  if (arn.service === '') return { messageId: 'emptyService', data: {} };
  if (plain(arn.region) && !REGION.test(arn.region)) return { messageId: 'badRegion', data: { part: arn.region } };
  if (arn.resource.includes('arn:')) return { messageId: 'nestedArn', data: { part: arn.resource.slice(arn.resource.indexOf('arn:')) } };
  const templates = resourceTypesOf(arn.service).map((t) => t.arn);
  if (arn.region === '' && templates.length > 0 && templates.every((t) => t.includes('${Region}'))) return { messageId: 'emptyRegion', data: { service: arn.service } };
  if (arn.account === '' && templates.length > 0 && templates.every((t) => t.includes('${Account}'))) return { messageId: 'emptyAccount', data: { service: arn.service } };
  if (arn.service === 'connect') {
    // A template's last placeholder takes the rest: only matches whose values are whole segments count.
    const fits = templates.map((t) => matchTemplate(t, value)).filter((m) => m !== undefined && Object.values(m).every((v) => !v.includes('/')));
    const elsewhere = ['instance/', 'phone-number/', 'traffic-distribution-group/', 'view/'].some((p) => arn.resource.startsWith(p));
    if (fits.length === 0 && !elsewhere && !/[*?]/.test(value)) return { messageId: 'missingInstance', data: {} };
    for (const m of fits) {
      const bad = nonUuidId(m!, plain);
      if (bad) return { messageId: 'notUuid', data: bad };
    }
  }
  return undefined;
}

export const malformedArn = defineRule({
  meta,
  run({ policy }) {
    const out: RuleFinding<typeof meta.messages>[] = [];
    for (const statement of policy.parsed?.statements ?? []) {
      for (const field of ['Resource', 'NotResource'] as const) {
        const list = field === 'Resource' ? statement.resource : statement.notResource;
        (list ?? []).forEach((value, i) => {
          const pointer = itemPointer(policy, statement, field, i);
          const catalog = policy.problems.find((p) => p.pointer === pointer && (p.code === 'invalid-resource' || p.code === 'malformed-arn'));
          if (catalog && !placeholderIn(value)) {
            const arn = parseArn(value);
            const messageId = catalog.code === 'invalid-resource' ? 'notAnArn' : arn ? 'badAccount' : 'incomplete';
            out.push(finding(meta, messageId, pointer, { value, field, ...(arn && { part: arn.account }) }));
            return;
          }
          const defect = catalog ? undefined : arnDefect(value);
          if (defect) out.push(finding(meta, defect.messageId, pointer, { value, field, ...defect.data }));
        });
      }
    }
    return out;
  },
});
