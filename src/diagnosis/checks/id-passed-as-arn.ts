/**
 * The caller passed a full ARN where an ID was expected: the service URL-encodes it into the resource
 * (`contact-flow/arn%3Aaws%3A...`) or nests it (`instance/arn:aws:connect:...`). A caller bug, not IAM.
 */
import { parseArn } from '../../policy/arn.js';
import { defineCheck } from '../check.js';
import { message } from '../rule.js';

/** Services whose resource paths are free text, where an embedded ARN is a name, not a caller bug (S3 object keys). */
const FREE_TEXT_PATHS: ReadonlySet<string> = new Set(['s3', 's3-object-lambda']);

/** The path segment before `at` (the resource-type word such as `contact-flow` or `instance`). */
function segmentBefore(arn: string, at: number): string {
  const end = arn[at - 1] === '/' ? at - 1 : at;
  const start = Math.max(arn.lastIndexOf('/', end - 1), arn.lastIndexOf(':', end - 1)) + 1;
  return arn.slice(start, end) || 'resource';
}

/**
 * The ARN nested in a resource ARN, and the segment it follows. The nested ARN is cut where the outer
 * resource path resumes: an instance ARN passed as InstanceId is followed by `/contact-flow/ID`.
 */
export function nestedArn(resource: string): { segment: string; decoded: string } | undefined {
  const outer = parseArn(resource);
  if (outer && FREE_TEXT_PATHS.has(outer.service)) return undefined;
  const arn = resource.startsWith('arn:') ? resource.slice(4) : resource;
  const encoded = arn.search(/arn%3A/i);
  const nested = encoded >= 0 ? encoded : arn.indexOf('/arn:') + 1;
  if (nested <= 0) return undefined;
  const segment = segmentBefore(arn, nested);
  let decoded = arn.slice(nested);
  if (encoded >= 0) {
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      // keep it encoded
    }
  }
  // `instance/arn:aws:connect:REGION:ACCOUNT:instance/ID/contact-flow/FLOW`: the passed ARN is `...:instance/ID`.
  const inner = parseArn(decoded);
  if (inner && segment === 'instance') {
    const parts = inner.resource.split('/');
    if (parts[0] === 'instance' && parts.length > 2) decoded = decoded.slice(0, decoded.length - inner.resource.length) + parts.slice(0, 2).join('/');
  }
  return { segment, decoded };
}

export const idPassedAsArn = defineCheck({
  meta: {
    id: 'id-passed-as-arn',
    title: 'A full ARN was passed where an ID was expected',
    docs: 'docs/checks/id-passed-as-arn.md',
    severity: 'error',
    messages: {
      nestedArn: message(
        (d: { resource: string; segment: string; passed: string; parameter: string | undefined; id: string }, w) =>
          `The caller passed a full ARN (${w.q(d.passed)}) where ${d.parameter ? `the ${w.q(d.parameter)} parameter expects an ID` : 'an ID was expected'}: ` +
          `the resource became ${w.q(d.resource)}. Pass ${w.q(d.id)} instead. This is a bug in the calling code, not in IAM.`,
      ),
    },
  },
  run(ctx) {
    const resource = ctx.request?.resource ?? ctx.denial?.resource;
    if (!resource) return [];
    const nested = nestedArn(resource);
    if (!nested) return [];
    const parameter = nested.segment === 'contact-flow' ? 'ContactFlowId' : nested.segment === 'instance' ? 'InstanceId' : undefined;
    return [{ messageId: 'nestedArn', data: { resource, segment: nested.segment, passed: nested.decoded, parameter, id: nested.decoded.slice(nested.decoded.lastIndexOf('/') + 1) } }];
  },
});
