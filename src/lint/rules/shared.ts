/** What several rules need: the exact actions of a statement, the resource types they need, suggestions. */
import { actionResourceTypes, catalogAction, matchTemplate, templatePlaceholders, tokenize, type ActionResourceType } from '../../catalog/arn-templates.js';
import { resourceTypesOf, type CatalogAction } from '../../catalog/index.js';
import { parseArn } from '../../policy/arn.js';
import type { ParsedStatement } from '../../policy/parse.js';
import type { DataOf, MessageId, Messages } from '../../diagnosis/rule.js';
import type { LintPolicy, LintSeverity, RuleFinding, RuleMeta, SuggestedFix } from '../types.js';
import { hasUnknown } from '../unknown.js';
import { itemPointer } from '../policy.js';

export interface ExactAction {
  readonly text: string;
  readonly catalog: CatalogAction;
  readonly pointer: string;
}

/** The statement's actions that name one catalog action (no wildcards, no unknowns). */
export function exactActions(policy: LintPolicy, statement: ParsedStatement): ExactAction[] {
  return (statement.action ?? []).flatMap((text, i) => {
    if (/[*?]/.test(text) || hasUnknown(text)) return [];
    const catalog = catalogAction(text);
    return catalog ? [{ text, catalog, pointer: itemPointer(policy, statement, 'Action', i) }] : [];
  });
}

/** The resource types an action is authorized on: its required ones, else all. */
export function neededTypes(action: CatalogAction): ActionResourceType[] {
  const all = actionResourceTypes(action);
  const required = all.filter((t) => t.required);
  return required.length > 0 ? required : all;
}

/** Values for ARN template placeholders, from ARNs the file names (Region, Account, InstanceId...). */
export type Harvest = ReadonlyMap<string, ReadonlySet<string>>;

export function harvest(arns: readonly string[]): Harvest {
  const values = new Map<string, Set<string>>();
  const add = (k: string, v: string) => {
    if (v === '' || /[*?]/.test(v) || v.includes('${')) return;
    let set = values.get(k);
    if (!set) values.set(k, (set = new Set()));
    set.add(v);
  };
  for (const text of arns) {
    const arn = parseArn(text);
    if (!arn) continue;
    // Only values that can be real (placeholders such as ACCOUNT_ID are a finding, not a value to spread).
    if (/^aws(-[a-z]+)*$/.test(arn.partition) || hasUnknown(arn.partition)) add('Partition', arn.partition);
    if (/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(arn.region) || hasUnknown(arn.region)) add('Region', arn.region);
    if (/^\d{12}$/.test(arn.account) || hasUnknown(arn.account)) add('Account', arn.account);
    if (/[*?]/.test(text)) continue;
    for (const type of resourceTypesOf(arn.service)) {
      const m = matchTemplate(type.arn, text);
      // A last placeholder takes the rest (`instance/${InstanceId}` fits a flow ARN): only whole segments count.
      if (!m || Object.values(m).some((v) => v.includes('/'))) continue;
      for (const [k, v] of Object.entries(m)) if (k !== 'Partition' && k !== 'Region' && k !== 'Account') add(`${arn.service}:${k}`, v);
    }
  }
  return values;
}

/** The values a statement names itself, else those of the whole file (a statement on instance A is about A). */
export function harvestPreferring(own: readonly string[], file: readonly string[]): Harvest {
  const mine = harvest(own);
  const out = new Map(harvest(file));
  for (const [k, v] of mine) out.set(k, v);
  return out;
}

/** The one value of a placeholder: the only one, or the only unknown among literals (a template's `${AWS::Partition}`). */
function single(values: ReadonlySet<string> | undefined): string | undefined {
  if (!values) return undefined;
  if (values.size === 1) return [...values][0];
  const unknowns = [...values].filter(hasUnknown);
  return unknowns.length === 1 ? unknowns[0] : undefined;
}

/**
 * The template filled from what the file names: one known value fills its placeholder; an ID that is not
 * known becomes `*` (the narrowest wildcard); Partition, Region and Account stay `${...}` when not known,
 * and then the suggestion is not complete (not offered as a fix).
 */
export function suggestArn(template: string, values: Harvest, unknownIds: 'star' | 'placeholder' = 'star'): { arn: string; complete: boolean } {
  const service = template.split(':')[2] ?? '';
  let complete = true;
  let arn = '';
  for (const t of tokenize(template)) {
    if ('literal' in t) {
      arn += t.literal;
      continue;
    }
    const general = t.placeholder === 'Partition' || t.placeholder === 'Region' || t.placeholder === 'Account';
    const known = single(values.get(general ? t.placeholder : `${service}:${t.placeholder}`));
    if (known !== undefined) arn += known;
    else if (general) {
      arn += `\${${t.placeholder}}`;
      complete = false;
    } else arn += unknownIds === 'star' ? '*' : `\${${t.placeholder}}`;
  }
  return { arn, complete };
}

export { templatePlaceholders };

/** A finding of a rule at a pointer inside the policy document. */
export function finding<M extends Messages, K extends MessageId<M>>(meta: RuleMeta<string, M>, messageId: K, pointer: string, data: DataOf<M[K]>, fix?: SuggestedFix, severity?: LintSeverity): RuleFinding<M> {
  return { messageId, data, location: { pointer }, ...(fix && { fix }), ...(severity !== undefined && severity !== meta.severity && { severity }) } as RuleFinding<M>;
}

/** Identity-side policies: where a grant of everything is a finding (SCPs and boundaries grant `*` by design). */
export function grantsPermissions(policy: LintPolicy): boolean {
  return policy.type === 'identity' || policy.type === 'session';
}

/**
 * What a Resource pattern meant, for the proof of a fix (./fix-proof.ts): the resources it names and the
 * ones inside them (`instance/A` meant A's flows; a bucket meant its objects).
 */
export function meantResources(pattern: string): string[] {
  return pattern === '*' || pattern.endsWith('*') ? [pattern] : [pattern, `${pattern}/*`, `${pattern}:*`];
}

/** The needed type whose template the file fills best (complete first, then with the fewest `*`). */
export function bestSuggestion(types: readonly ActionResourceType[], values: Harvest): { arn: string; complete: boolean; type: ActionResourceType } | undefined {
  let best: { arn: string; complete: boolean; type: ActionResourceType; score: number } | undefined;
  for (const type of types) {
    const s = suggestArn(type.type.arn, values);
    const score = (s.complete ? 0 : 1000) + s.arn.split('*').length + s.arn.split('${').length;
    if (!best || score < best.score) best = { ...s, type, score };
  }
  return best && { arn: best.arn, complete: best.complete, type: best.type };
}
