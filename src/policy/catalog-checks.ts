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
} from '../catalog/index.js';
import { parseArn } from './arn.js';
import type { ParsedPolicy, ParsedStatement } from './parse.js';
import { Memo } from './memo.js';
import { at, suggestion, Problems, type Hint, type Problem } from './problems.js';
import { compileWildcard } from './wildcard.js';

type Check = (pattern: string, pointer: string, problems: Problems) => void;

/**
 * A check of one pattern, remembered: what it finds depends on the pattern alone, and patterns repeat
 * (`s3:Get*` in statement after statement), so each is checked once and its findings are put at each place.
 */
function remembered(check: Check): Check {
  const memo = new Memo<readonly Problem[]>();
  const find = (pattern: string) => {
    const found = new Problems();
    check(pattern, '', found);
    return found.list;
  };
  return (pattern, pointer, problems) => {
    for (const p of memo.get(pattern, find)) problems.add({ ...p, pointer });
  };
}

const actionChecks = {
  warning: remembered((pattern, pointer, problems) => checkAction(pattern, pointer, problems, 'warning')),
  error: remembered((pattern, pointer, problems) => checkAction(pattern, pointer, problems, 'error')),
};

/** Check one action pattern (`connect:StartChatContact`, `connect:Start*`, `*`). */
export function checkActionPattern(pattern: string, pointer: string, problems: Problems, severity: 'error' | 'warning' = 'warning'): void {
  if (pattern !== '*') actionChecks[severity](pattern, pointer, problems);
}

function checkAction(pattern: string, pointer: string, problems: Problems, severity: 'error' | 'warning'): void {
  const colon = pattern.indexOf(':');
  if (colon <= 0 || colon === pattern.length - 1) {
    problems.error('invalid-action', pointer, `\`${pattern}\` is not an action: write \`service:Action\`, e.g. \`connect:StartChatContact\``);
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
        ? { text: 'Amazon Connect Participant Service calls are authorized by the participant token, not by IAM; the IAM actions are under `connect` (e.g. `connect:StartChatContact`)', value: pattern, proposes: ['connect'] }
        : { ...suggestion(service, serviceKeys()), value: pattern };
    report('unknown-service', pointer, `\`${service}\` is not an AWS service prefix, so \`${pattern}\` matches nothing`, hint);
    return;
  }
  const lower = name.toLowerCase();
  const wildcardAt = lower.search(/[*?]/);
  if (wildcardAt < 0) {
    if (!findAction(service, name)) {
      const report = severity === 'error' ? problems.error.bind(problems) : problems.warning.bind(problems);
      const names = actionNames(service);
      const typo = suggestion(name, names, `${service}:`);
      const text = elsewhereHint(service, name) ?? (typo ? undefined : prefixHint(service, name, names));
      report('unknown-action', pointer, `\`${pattern}\` is not an action of \`${service}\`${severity === 'warning' ? ', so it matches nothing' : ''}`, text !== undefined ? { ...text, value: pattern } : { ...typo, value: pattern });
    }
    return;
  }
  const w = compileWildcard(lower);
  if (!someActionWithPrefix(service, lower.slice(0, wildcardAt), (n) => w.matches(n))) problems.warning('unknown-action', pointer, `\`${pattern}\` matches no action of \`${service}\``);
}

/** A hint in words, and the actions it proposes as data. */
type ProposingHint = { readonly text: string; readonly proposes: readonly string[] };

/** The same action under a related prefix: `connect:CreateParticipantConnection` is `connectparticipant:`'s. */
function elsewhereHint(service: string, name: string): ProposingHint | undefined {
  const s = service.toLowerCase();
  for (const k of serviceKeys()) {
    if (k === s || !(k.startsWith(s) || s.startsWith(k))) continue;
    const a = findAction(k, name);
    if (a) return { text: `did you mean \`${k}:${a.name}\`? (\`${name}\` is an action of \`${k}\`, not of \`${service}\`)`, proposes: [`${k}:${a.name}`] };
  }
  return undefined;
}

/** A prefix of real actions written without its `*` (`s3:GetObj`). */
function prefixHint(service: string, name: string, names: readonly string[]): ProposingHint | undefined {
  const lower = name.toLowerCase();
  const prefixed = names.filter((n) => n.toLowerCase().startsWith(lower)).sort((a, b) => a.length - b.length);
  if (prefixed.length === 0) return undefined;
  const shown = prefixed.slice(0, 5).map((n) => `${service}:${n}`);
  return { text: `a prefix of ${shown.map((a) => `\`${a}\``).join(', ')}${prefixed.length > 5 ? ', …' : ''}: write the full name, or add \`*\``, proposes: shown };
}

const checkResource = remembered((pattern, pointer, problems) => {
  if (pattern === '*' || pattern.startsWith('${')) return;
  if (!pattern.startsWith('arn:')) {
    problems.error('invalid-resource', pointer, `\`${pattern}\` is not an ARN or \`*\``);
    return;
  }
  const arn = parseArn(pattern);
  if (!arn) {
    problems.warning('malformed-arn', pointer, `\`${pattern}\` is not a complete ARN (arn:partition:service:region:account:resource), so it matches nothing`);
    return;
  }
  if (arn.account !== '' && !/[*?$]/.test(arn.account) && !/^\d{12}$/.test(arn.account) && arn.account !== 'aws') {
    problems.warning('malformed-arn', pointer, `the account in \`${pattern}\` is \`${arn.account}\`, not a 12-digit account ID`);
  }
});

function checkConditionKeys(statement: ParsedStatement, problems: Problems): void {
  if (statement.conditions.length === 0) return;
  const exact = statement.action?.every((a) => !/[*?]/.test(a)) ? statement.action : undefined;
  const actions = (exact ?? []).map((a) => findAction(a.slice(0, a.indexOf(':')), a.slice(a.indexOf(':') + 1))).filter((a) => a !== undefined);
  for (const condition of statement.conditions) {
    const key = condition.key;
    const known = findConditionKey(key);
    if (!known) {
      const service = key.slice(0, key.indexOf(':'));
      problems.warning('unknown-condition-key', condition.pointer, `\`${key}\` is not a condition key AWS defines, so it is never in a request`, suggestion(key, conditionKeyNames(service)));
      continue;
    }
    if (isGlobalConditionKey(key) || actions.length === 0 || exact === undefined || actions.length !== exact.length) continue;
    const carried = actions.some((a) => keyCarried(actionConditionKeys(a), key));
    if (!carried) {
      problems.warning('condition-key-not-for-action', condition.pointer, `no request for ${exact.map((a) => `\`${a}\``).join(', ')} carries \`${key}\`, so this condition never sees it`);
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

/** Warnings for one parsed policy. */
export function checkPolicyAgainstCatalog(policy: ParsedPolicy, problems: Problems): void {
  for (const statement of policy.statements) {
    const actionField = statement.action ? 'Action' : 'NotAction';
    (statement.action ?? statement.notAction ?? []).forEach((a, i, list) =>
      checkActionPattern(a, list.length > 1 ? at(at(statement.pointer, actionField), i) : at(statement.pointer, actionField), problems),
    );
    const resourceField = statement.resource ? 'Resource' : 'NotResource';
    (statement.resource ?? statement.notResource ?? []).forEach((r, i, list) =>
      checkResource(r, list.length > 1 ? at(at(statement.pointer, resourceField), i) : at(statement.pointer, resourceField), problems),
    );
    checkConditionKeys(statement, problems);
  }
}
