/** ARNs: `arn:partition:service:region:account:resource`. */
import { matchTemplate } from '../catalog/arn-templates.js';
import { resourceTypesOf } from '../catalog/index.js';

export interface Arn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the fifth colon (may itself contain colons and slashes). */
  readonly resource: string;
}

/** Split an ARN into its six parts; undefined when it does not have them. */
export function parseArn(text: string): Arn | undefined {
  if (!text.startsWith('arn:')) return undefined;
  const parts: string[] = [];
  let start = 4;
  for (let i = 0; i < 4; i++) {
    const colon = text.indexOf(':', start);
    if (colon < 0) return undefined;
    parts.push(text.slice(start, colon));
    start = colon + 1;
  }
  const [partition, service, region, account] = parts as [string, string, string, string];
  return { partition, service, region, account, resource: text.slice(start) };
}

/** A 12-digit AWS account ID. */
export function isAccountId(text: string): boolean {
  return /^\d{12}$/.test(text);
}

/** The resource type a policy pattern names, when it is one concrete ARN of its service. */
export function resourceTypeOfPattern(pattern: string): string | undefined {
  const arn = parseArn(pattern);
  if (!arn || /[*?]/.test(pattern)) return undefined;
  return resourceTypesOf(arn.service).find((t) => matchTemplate(t.arn, pattern) !== undefined)?.key;
}
