/**
 * The caller passed a full ARN where an ID was expected: the service URL-encodes it into the resource
 * (`contact-flow/arn%3Aaws%3A...`) or nests it (`instance/arn:aws:connect:...`). A caller bug, not IAM.
 */
import type { Check } from '../check.js';

export function nestedArn(resource: string): { segment: string; decoded: string } | undefined {
  const arn = resource.startsWith('arn:') ? resource.slice(4) : resource;
  const encoded = arn.search(/arn%3A/i);
  if (encoded >= 0) {
    const start = arn.lastIndexOf('/', encoded) + 1;
    const segment = arn.slice(start, encoded) || 'resource';
    let decoded = arn.slice(encoded);
    try {
      decoded = decodeURIComponent(decoded);
    } catch {
      // keep it encoded
    }
    return { segment: segment.replace(/\/$/, ''), decoded };
  }
  const nested = arn.indexOf('/arn:');
  if (nested >= 0) return { segment: arn.slice(arn.lastIndexOf('/', nested - 1) + 1, nested), decoded: arn.slice(nested + 1) };
  return undefined;
}

export const idPassedAsArn: Check = {
  id: 'id-passed-as-arn',
  title: 'A full ARN was passed where an ID was expected',
  docs: 'docs/checks/id-passed-as-arn.md',
  run(ctx) {
    const resource = ctx.request?.resource ?? ctx.denial?.resource;
    if (!resource) return [];
    const nested = nestedArn(resource);
    if (!nested) return [];
    const parameter = /contact-flow\/?$/.test(nested.segment) ? 'ContactFlowId' : /instance\/?$/.test(nested.segment) ? 'InstanceId' : undefined;
    return [{ check: 'id-passed-as-arn', severity: 'error', messageId: 'nestedArn', data: { resource, segment: nested.segment, passed: nested.decoded, parameter, id: nested.decoded.slice(nested.decoded.lastIndexOf('/') + 1) } }];
  },
};
