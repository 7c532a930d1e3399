/** ARNs: `arn:partition:service:region:account:resource`. */

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
