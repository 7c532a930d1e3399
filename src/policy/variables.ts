/**
 * Policy variables: `${aws:username}`, `${aws:PrincipalTag/team, 'none'}` and the escapes `${*}`, `${?}`,
 * `${$}` (literal characters). Only in policies with `"Version": "2012-10-17"`; elsewhere the text is literal.
 * IAM User Guide, "IAM policy elements: Variables and tags".
 */
import { compileParts, wildcardParts, type PatternPart, type Wildcard } from './wildcard.js';
import { own } from '../own.js';

export interface Variable {
  /** The key as written, e.g. `aws:PrincipalTag/team`. */
  readonly key: string;
  /** Lowercased key: context keys are case-insensitive. */
  readonly lookup: string;
  readonly fallback?: string;
}

/** Text between variables, or a variable, or an escaped literal character. */
export type TemplatePart =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'variable'; readonly variable: Variable };

export interface Template {
  readonly source: string;
  readonly parts: readonly TemplatePart[];
  /** True when some part needs the request (a variable). */
  readonly dynamic: boolean;
}

/** How a template reads the request: the single value of a context key, or undefined. */
export type VariableLookup = (lowercaseKey: string) => string | undefined;

const ESCAPES: Record<string, string> = { '*': '*', '?': '?', $: '$' };

/** `key` or `key, 'default'`; undefined when the text is not a variable (then it stays literal). */
function parseVariable(inner: string): Variable | undefined {
  const comma = inner.indexOf(',');
  const key = (comma < 0 ? inner : inner.slice(0, comma)).trim();
  if (!/^[A-Za-z0-9-]+:[^\s,'$]+$/.test(key)) return undefined;
  if (comma < 0) return { key, lookup: key.toLowerCase() };
  const rest = inner.slice(comma + 1).trim();
  if (rest.length < 2 || !rest.startsWith("'") || !rest.endsWith("'")) return undefined;
  return { key, lookup: key.toLowerCase(), fallback: rest.slice(1, -1) };
}

/** Parse text into a template; with `variables` false (Version 2008-10-17) everything is text. */
export function parseTemplate(source: string, variables: boolean): Template {
  if (!variables || !source.includes('${')) return { source, parts: [{ kind: 'text', text: source }], dynamic: false };
  const parts: TemplatePart[] = [];
  let text = '';
  let i = 0;
  let dynamic = false;
  while (i < source.length) {
    const open = source.indexOf('${', i);
    const close = open < 0 ? -1 : source.indexOf('}', open + 2);
    if (open < 0 || close < 0) {
      text += source.slice(i);
      break;
    }
    text += source.slice(i, open);
    const inner = source.slice(open + 2, close);
    const escaped = own(ESCAPES, inner.trim());
    const variable = escaped === undefined ? parseVariable(inner) : undefined;
    if (escaped !== undefined || variable) {
      if (text) parts.push({ kind: 'text', text });
      text = '';
      if (variable) {
        parts.push({ kind: 'variable', variable });
        dynamic = true;
      } else parts.push({ kind: 'literal', text: escaped! });
    } else {
      text += source.slice(open, close + 1);
    }
    i = close + 1;
  }
  if (text) parts.push({ kind: 'text', text });
  return { source, parts, dynamic };
}

/** The variables a template uses. */
export function templateVariables(template: Template): Variable[] {
  return template.parts.flatMap((p) => (p.kind === 'variable' ? [p.variable] : []));
}

/** Resolve to plain text (no wildcard meaning); undefined when a variable has no value and no default. */
export function resolveText(template: Template, lookup: VariableLookup): string | undefined {
  let out = '';
  for (const part of template.parts) {
    if (part.kind === 'variable') {
      const value = lookup(part.variable.lookup) ?? part.variable.fallback;
      if (value === undefined) return undefined;
      out += value;
    } else out += part.text;
  }
  return out;
}

/**
 * Resolve to a wildcard pattern: `*` and `?` written in the policy are wildcards; variable values and
 * escapes are literal. Undefined when a variable has no value and no default (the pattern matches nothing).
 */
export function resolvePattern(template: Template, lookup: VariableLookup, lowercase = false): Wildcard | undefined {
  const parts: PatternPart[] = [];
  for (const part of template.parts) {
    if (part.kind === 'text') parts.push(...wildcardParts(lowercase ? part.text.toLowerCase() : part.text));
    else {
      const value = part.kind === 'literal' ? part.text : (lookup(part.variable.lookup) ?? part.variable.fallback);
      if (value === undefined) return undefined;
      parts.push(lowercase ? value.toLowerCase() : value);
    }
  }
  return compileParts(parts);
}
