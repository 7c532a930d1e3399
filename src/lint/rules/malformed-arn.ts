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

const meta = { id: 'malformed-arn', title: 'A resource ARN is malformed', severity: 'error', docs: 'docs/lint/malformed-arn.md', messages: { notAnArn: message(), incomplete: message(), badAccount: message(), badPartition: message(), emptyService: message(), badRegion: message(), nestedArn: message(), emptyRegion: message(), emptyAccount: message(), missingInstance: message(), notUuid: message() } } as const;

const PARTITIONS = new Set(['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc']);
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

const plain = (field: string) => field !== '' && !/[*?]/.test(field) && !hasUnknown(field) && !field.includes('${');

/**
 * What the catalog checks do not look at; undefined when the ARN is fine. (Not an ARN, fewer than six
 * fields and an account that is not 12 digits come from src/policy/catalog-checks.ts.)
 */
export function arnDefect(value: string): { messageId: keyof typeof meta.messages; data: Record<string, string> } | undefined {
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
