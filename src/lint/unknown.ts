/**
 * Values only known at deployment: CloudFormation `${AWS::Region}`, `!Ref InstanceId`, `!GetAtt Flow.Arn`.
 * In a linted document each is one token of private-use characters standing for one non-empty ARN
 * segment: it holds no `:` or `/`, so `instance/${InstanceId}` still reads as an instance ARN and
 * `arn:aws:connect:${AWS::Region}:...` still splits into its six fields.
 */
import { own } from '../own.js';

const OPEN = '\uE000';
const CLOSE = '\uE001';
/** Characters of a name that would change how an ARN or pattern reads. */
const ESCAPED: Readonly<Record<string, string>> = { ':': '\uE002', '/': '\uE003', '*': '\uE004', '?': '\uE005' };
const UNESCAPED: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(ESCAPED).map(([k, v]) => [v, k]));

/** The token for a value named `name` (a parameter, `AWS::Region`, `Flow.Arn`). */
export function unknownToken(name: string): string {
  let out = OPEN;
  for (const c of name) out += own(ESCAPED, c) ?? c;
  return out + CLOSE;
}

export function hasUnknown(text: string): boolean {
  return text.includes(OPEN);
}

/** The text is nothing but one or more unknown tokens: nothing about it can be checked. */
export function isWhollyUnknown(text: string): boolean {
  return text.startsWith(OPEN) && text.endsWith(CLOSE) && splitUnknown(text).every((p) => typeof p !== 'string' || p === '');
}

export type UnknownPart = string | { readonly unknown: string };

/** Split text into literal text and unknown tokens (with their names). */
export function splitUnknown(text: string): UnknownPart[] {
  const parts: UnknownPart[] = [];
  let i = 0;
  while (i < text.length) {
    const open = text.indexOf(OPEN, i);
    const close = open < 0 ? -1 : text.indexOf(CLOSE, open);
    if (open < 0 || close < 0) {
      parts.push(text.slice(i));
      break;
    }
    if (open > i) parts.push(text.slice(i, open));
    let name = '';
    for (const c of text.slice(open + 1, close)) name += own(UNESCAPED, c) ?? c;
    parts.push({ unknown: name });
    i = close + 1;
  }
  return parts;
}

/** As a person writes it in a CloudFormation `!Sub`: `${Name}`. */
export function displayUnknowns(text: string): string {
  if (!hasUnknown(text)) return text;
  return splitUnknown(text)
    .map((p) => (typeof p === 'string' ? p : `\${${p.unknown}}`))
    .join('');
}

/** A value that is a string, or a list of strings, with its unknowns displayed. */
export function displayValue<T>(value: T): T {
  if (typeof value === 'string') return displayUnknowns(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => (typeof v === 'string' ? displayUnknowns(v) : v)) as T;
  return value;
}

/** The sample value an unknown stands for when a policy must be evaluated: the same name, the same value. */
export function sampleOf(name: string, account: string): string {
  switch (name) {
    case 'AWS::Region':
      return 'us-east-1';
    case 'AWS::AccountId':
      return account;
    case 'AWS::Partition':
      return 'aws';
    case 'AWS::URLSuffix':
      return 'amazonaws.com';
    default:
      return `example-${name.replace(/[^A-Za-z0-9-]/g, '-').toLowerCase()}`;
  }
}

/** The text with each unknown replaced by its sample value. */
export function concreteUnknowns(text: string, account: string): string {
  if (!hasUnknown(text)) return text;
  return splitUnknown(text)
    .map((p) => (typeof p === 'string' ? p : sampleOf(p.unknown, account)))
    .join('');
}
