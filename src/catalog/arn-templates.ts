/**
 * ARN templates of the Service Authorization Reference (`arn:${Partition}:connect:${Region}:${Account}:
 * instance/${InstanceId}/contact-flow/${ContactFlowId}`): which resource type an ARN is, what a template
 * needs, and filling one in.
 */
import { findAction, findResourceType, type CatalogAction, type CatalogResourceType } from './index.js';
import { own, setOwn } from '../own.js';

export type TemplateToken = { readonly literal: string } | { readonly placeholder: string };

/** Split a template into literal text and `${Placeholder}`s. */
export function tokenize(template: string): TemplateToken[] {
  const tokens: TemplateToken[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('${', i);
    if (open < 0) {
      tokens.push({ literal: template.slice(i) });
      break;
    }
    if (open > i) tokens.push({ literal: template.slice(i, open) });
    const close = template.indexOf('}', open);
    if (close < 0) {
      tokens.push({ literal: template.slice(open) });
      break;
    }
    tokens.push({ placeholder: template.slice(open + 2, close) });
    i = close + 1;
  }
  return tokens;
}

/**
 * Match a concrete ARN against a template; the placeholder values, or undefined. A placeholder matches a
 * non-empty run without `/` (`:` too, except the last placeholder, which takes the rest: object keys,
 * versions). Partition, Region and Account may be empty where AWS leaves them empty (S3).
 */
export function matchTemplate(template: string, arn: string): Record<string, string> | undefined {
  const tokens = tokenize(template);
  const values: Record<string, string> = {};
  const go = (t: number, pos: number): boolean => {
    if (t === tokens.length) return pos === arn.length;
    const token = tokens[t]!;
    if ('literal' in token) return arn.startsWith(token.literal, pos) && go(t + 1, pos + token.literal.length);
    const last = t === tokens.length - 1;
    const mayBeEmpty = token.placeholder === 'Region' || token.placeholder === 'Account';
    let end = pos;
    // Try every end position (templates have a handful of placeholders: this stays small).
    for (;;) {
      if ((end > pos || mayBeEmpty) && go(t + 1, end)) {
        setOwn(values, token.placeholder, arn.slice(pos, end));
        return true;
      }
      if (end >= arn.length) return false;
      const c = arn[end];
      if (!last && (c === '/' || c === ':')) return false;
      end++;
    }
  };
  return go(0, 0) ? values : undefined;
}

/** The placeholders of a template, e.g. [Partition, Region, Account, InstanceId, ContactFlowId]. */
export function templatePlaceholders(template: string): string[] {
  return tokenize(template).flatMap((t) => ('placeholder' in t ? [t.placeholder] : []));
}

/** Fill a template; undefined when a placeholder has no value. */
export function fillTemplate(template: string, values: Readonly<Record<string, string | undefined>>): string | undefined {
  let out = '';
  for (const t of tokenize(template)) {
    if ('literal' in t) out += t.literal;
    else {
      const v = own(values, t.placeholder);
      if (v === undefined) return undefined;
      out += v;
    }
  }
  return out;
}

export interface ActionResourceType {
  readonly name: string;
  readonly required: boolean;
  readonly type: CatalogResourceType;
}

/** The resource types an action is authorized on, with their templates. */
export function actionResourceTypes(action: CatalogAction): ActionResourceType[] {
  return action.resourceTypes.flatMap((rt) => {
    const type = findResourceType(action.service, rt.name);
    return type ? [{ name: rt.name, required: rt.required, type }] : [];
  });
}

/** Look an action up by `service:Action`. */
export function catalogAction(action: string): CatalogAction | undefined {
  const colon = action.indexOf(':');
  return colon > 0 ? findAction(action.slice(0, colon), action.slice(colon + 1)) : undefined;
}

/** Which of the given resource types' templates a concrete ARN fits. */
export function typesOfArn(arn: string, types: readonly ActionResourceType[]): ActionResourceType[] {
  return types.filter((t) => matchTemplate(t.type.arn, arn) !== undefined);
}
