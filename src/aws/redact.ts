/**
 * AWS error text can echo the request: an endpoint (or a proxy) that repeats headers puts the access key
 * ID, the session token and the signature into the message. Every AWS error text goes through `redact`
 * before it is printed or written (collect's shareable scenario, Athena failures, live errors).
 */
const RULES: readonly [RegExp, string][] = [
  // Session tokens and signatures, as query parameters or headers (X-Amz-Security-Token=..., x-amz-security-token: ...).
  [/(X-Amz-(?:Security-Token|Signature|Credential)\s*[=:]\s*)[^\s&,;"'<>]+/gi, '$1[redacted]'],
  // The Authorization header's Credential=AKIA.../... and Signature=hex.
  [/\b(Credential=)[^\s,;"'<>]+/g, '$1[redacted]'],
  [/\b(Signature=)[0-9a-f]{16,}/gi, '$1[redacted]'],
  // Access key IDs (long-term AKIA, temporary ASIA) and the unique IDs that look like them.
  [/\b(AKIA|ASIA|AIDA|AROA|ABIA|ACCA)[A-Z0-9]{12,}\b/g, '$1****************'],
];

export function redact(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}
