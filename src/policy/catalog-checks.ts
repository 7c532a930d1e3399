/**
 * Checks against the Service Authorization Reference: what AWS accepts but almost always is a mistake
 * (warnings), plus the action format AWS rejects outright (errors).
 */
import {
  actionConditionKeys,
  actionNames,
  conditionKeyNames,
  findAction,
  findConditionKey,
  isGlobalConditionKey,
  serviceExists,
  serviceKeys,
  someActionWithPrefix,
  type CatalogAction,
} from '../catalog/index.js';
import { parseArn } from './arn.js';
import type { ParsedPolicy, ParsedStatement } from './parse.js';
import { Memo, memoize } from './memo.js';
import { at, suggestion, Problems, type Hint, type Problem, type ProblemNote } from './problems.js';
import { compileWildcard } from './wildcard.js';

type Check = (pattern: string, pointer: string, problems: Problems) => void;

/**
 * A check of one pattern, remembered: what it finds depends on the pattern alone, and patterns repeat
 * (`s3:Get*` in statement after statement), so each is checked once; its findings (pointer `''`) are put at
 * each place by `place`, which builds a pointer only for a pattern with findings.
 */
function remembered(check: Check): (pattern: string) => readonly Problem[] {
  const memo = new Memo<readonly Problem[]>();
  const find = (pattern: string) => {
    const found = new Problems();
    check(pattern, '', found);
    return found.list;
  };
  return (pattern) => memo.get(pattern, find);
}

const actionChecks = {
  warning: remembered((pattern, pointer, problems) => checkAction(pattern, pointer, problems, 'warning')),
  error: remembered((pattern, pointer, problems) => checkAction(pattern, pointer, problems, 'error')),
};

/** Check one action pattern (`connect:StartChatContact`, `connect:Start*`, `*`). */
export function checkActionPattern(pattern: string, pointer: string, problems: Problems, severity: 'error' | 'warning' = 'warning'): void {
  if (pattern !== '*') for (const p of actionChecks[severity](pattern)) problems.add({ ...p, pointer });
}

function checkAction(pattern: string, pointer: string, problems: Problems, severity: 'error' | 'warning'): void {
  const colon = pattern.indexOf(':');
  if (colon <= 0 || colon === pattern.length - 1) {
    problems.error('invalid-action', pointer, 'notAnAction', { action: pattern });
    return;
  }
  const service = pattern.slice(0, colon);
  const name = pattern.slice(colon + 1);
  if (/[*?]/.test(service)) return; // matches across services: nothing to look up
  if (!serviceExists(service)) {
    const report = severity === 'error' ? problems.error.bind(problems) : problems.warning.bind(problems);
    // The Participant Service authorizes its calls by the participant token: IAM has no such prefix.
    const hint: Hint =
      service.toLowerCase() === 'connectparticipant'
        ? { note: { id: 'participant-service' }, value: pattern, proposes: ['connect'] }
        : { ...suggestion(service, serviceKeys()), value: pattern };
    report('unknown-service', pointer, 'unknownService', { service, pattern }, hint);
    return;
  }
  const lower = name.toLowerCase();
  const wildcardAt = lower.search(/[*?]/);
  if (wildcardAt < 0) {
    if (!findAction(service, name)) {
      const report = severity === 'error' ? problems.error.bind(problems) : problems.warning.bind(problems);
      const names = actionNames(service);
      const typo = suggestion(name, names, `${service}:`);
      const note = elsewhereHint(service, name) ?? (typo ? undefined : prefixHint(service, name, names));
      report('unknown-action', pointer, 'unknownAction', { action: pattern, service, matchesNothing: severity === 'warning' }, note !== undefined ? { ...note, value: pattern } : { ...typo, value: pattern });
    }
    return;
  }
  const w = compileWildcard(lower);
  if (!someActionWithPrefix(service, lower.slice(0, wildcardAt), (n) => w.matches(n))) problems.warning('unknown-action', pointer, 'wildcardMatchesNothing', { pattern, service });
}

/** A note, and the actions it proposes as data. */
type ProposingHint = { readonly note: ProblemNote; readonly proposes: readonly string[] };

/** The same action under a related prefix: `connect:CreateParticipantConnection` is `connectparticipant:`'s. */
function elsewhereHint(service: string, name: string): ProposingHint | undefined {
  const s = service.toLowerCase();
  for (const k of serviceKeys()) {
    if (k === s || !(k.startsWith(s) || s.startsWith(k))) continue;
    const a = findAction(k, name);
    if (a) return { note: { id: 'other-service', action: `${k}:${a.name}`, name, service }, proposes: [`${k}:${a.name}`] };
  }
  return undefined;
}

/** A prefix of real actions written without its `*` (`s3:GetObj`). */
function prefixHint(service: string, name: string, names: readonly string[]): ProposingHint | undefined {
  const lower = name.toLowerCase();
  const prefixed = names.filter((n) => n.toLowerCase().startsWith(lower)).sort((a, b) => a.length - b.length);
  if (prefixed.length === 0) return undefined;
  const shown = prefixed.slice(0, 5).map((n) => `${service}:${n}`);
  return { note: { id: 'prefix-of', actions: shown, more: prefixed.length > 5 }, proposes: shown };
}

const resourceFindings = remembered((pattern, pointer, problems) => {
  if (pattern === '*' || pattern.startsWith('${')) return;
  if (!pattern.startsWith('arn:')) {
    problems.error('invalid-resource', pointer, 'notArn', { resource: pattern });
    return;
  }
  const arn = parseArn(pattern);
  if (!arn) {
    problems.warning('malformed-arn', pointer, 'incompleteArn', { resource: pattern });
    return;
  }
  if (arn.account !== '' && !/[*?$]/.test(arn.account) && !/^\d{12}$/.test(arn.account) && arn.account !== 'aws') {
    problems.warning('malformed-arn', pointer, 'badAccount', { resource: pattern, account: arn.account });
  }
});

/** What the catalog says of a condition key, remembered (keys repeat in statement after statement). */
const keyKind = memoize((key): 'unknown' | 'global' | 'service' => (!findConditionKey(key) ? 'unknown' : isGlobalConditionKey(key) ? 'global' : 'service'));

function checkConditionKeys(statement: ParsedStatement, problems: Problems): void {
  let exact: readonly string[] | undefined | null = null; // null: not looked at yet
  let actions: CatalogAction[] = [];
  for (const condition of statement.conditions) {
    const key = condition.key;
    const kind = keyKind(key);
    if (kind === 'unknown') {
      const service = key.slice(0, key.indexOf(':'));
      problems.warning('unknown-condition-key', condition.pointer, 'unknownConditionKey', { key }, suggestion(key, conditionKeyNames(service)));
      continue;
    }
    if (kind === 'global') continue;
    if (exact === null) {
      exact = statement.action?.every((a) => !/[*?]/.test(a)) ? statement.action : undefined;
      actions = (exact ?? []).map((a) => findAction(a.slice(0, a.indexOf(':')), a.slice(a.indexOf(':') + 1))).filter((a) => a !== undefined);
    }
    if (actions.length === 0 || exact === undefined || actions.length !== exact.length) continue;
    const carried = actions.some((a) => keyCarried(actionConditionKeys(a), key));
    if (!carried) {
      problems.warning('condition-key-not-for-action', condition.pointer, 'keyNotForAction', { key, actions: exact });
    }
  }
}

function keyCarried(keys: ReadonlySet<string>, key: string): boolean {
  const k = key.toLowerCase();
  if (keys.has(k)) return true;
  for (const template of keys) {
    const dollar = template.indexOf('${');
    if (dollar > 0 && k.startsWith(template.slice(0, dollar))) return true;
  }
  return false;
}

/** Each pattern's findings in a list; undefined when none has any (most lists). */
export type ListFindings = readonly (readonly Problem[])[] | undefined;

function listFindings(list: readonly string[], findings: (pattern: string) => readonly Problem[]): ListFindings {
  let out: (readonly Problem[])[] | undefined;
  for (let i = 0; i < list.length; i++) {
    const found = findings(list[i]!);
    if (found.length > 0) (out ??= new Array<readonly Problem[]>(list.length).fill(noFindings))[i] = found;
  }
  return out;
}

const noFindings: readonly Problem[] = [];
const actionFindings = (pattern: string) => (pattern === '*' ? noFindings : actionChecks.warning(pattern));

/** The findings of an Action or NotAction list (what the engine remembers with the compiled list). */
export const actionListFindings = (list: readonly string[]): ListFindings => listFindings(list, actionFindings);
/** The findings of a Resource or NotResource list. */
export const resourceListFindings = (list: readonly string[]): ListFindings => listFindings(list, resourceFindings);

/** Put each pattern's findings at its place: `field`, or `field/i` in a list of more than one. */
function place(list: readonly string[], findings: ListFindings, statementPointer: string, field: string, problems: Problems): void {
  if (findings === undefined) return;
  for (let i = 0; i < list.length; i++) {
    const found = findings[i]!;
    if (found.length === 0) continue;
    const pointer = list.length > 1 ? at(at(statementPointer, field), i) : at(statementPointer, field);
    for (const p of found) problems.add({ ...p, pointer });
  }
}

/**
 * Warnings for one statement, given its lists' findings (the engine's compile remembers them with each
 * compiled list, so that a pattern is looked up once for both).
 */
export function checkStatementAgainstCatalog(statement: ParsedStatement, actions: ListFindings, resources: ListFindings, problems: Problems): void {
  const actionList = statement.action ?? statement.notAction;
  if (actionList) place(actionList, actions, statement.pointer, statement.action ? 'Action' : 'NotAction', problems);
  const resourceList = statement.resource ?? statement.notResource;
  if (resourceList) place(resourceList, resources, statement.pointer, statement.resource ? 'Resource' : 'NotResource', problems);
  checkConditionKeys(statement, problems);
}

/** Warnings for one parsed policy. */
export function checkPolicyAgainstCatalog(policy: ParsedPolicy, problems: Problems): void {
  for (const statement of policy.statements) {
    const actionList = statement.action ?? statement.notAction;
    const resourceList = statement.resource ?? statement.notResource;
    checkStatementAgainstCatalog(statement, actionList && actionListFindings(actionList), resourceList && resourceListFindings(resourceList), problems);
  }
}
