/**
 * Denial -> the request AWS evaluated: principal, action (catalog spelling), resource and the context keys the
 * denial proves. When the denial does not print the resource (CloudTrail rarely does), it is built from the
 * action's resource type ARN template filled with the record's requestParameters, Region and account.
 */
import { tokenize, type TemplateToken } from '../catalog/arn-templates.js';
import { isIP } from 'node:net';
import { findAction, findResourceType, type CatalogAction } from '../catalog/index.js';
import type { Denial } from '../input/denial.js';
import { parseArn } from '../policy/arn.js';
import { ANY_RUN, compileParts, type PatternPart } from '../policy/wildcard.js';
import type { ContextValue, ScenarioRequest } from '../scenario/types.js';
import { own, setOwn } from '../own.js';

export interface RequestFromDenial {
  /**
   * Present when the principal and the action are known. Its `resource` is absent when it could not be told
   * (then `missing` says why): absent means unknown here, not `*`.
   */
  readonly request?: ScenarioRequest;
  /**
   * What the denial does not tell: `principal`, `action`, `resource` (no resource type to build it from), or
   * the ARN template placeholders that stayed unfilled, such as `${ContactFlowId}` or `${Region}`.
   */
  readonly missing: string[];
  /** How the resource was found: printed by AWS, built from a template, taken from an ARN request parameter, or `*` for an action without resource types. */
  readonly resourceFrom?: 'printed' | 'template' | 'parameter' | 'star';
  /** The resource URL-decoded, only when that changes it (`contact-flow/arn%3Aaws%3A...` -> `contact-flow/arn:aws:...`). */
  readonly decodedResource?: string;
  /** requestParameters string values URL-decoded, only those that decoding changes. */
  readonly decodedParameters?: Readonly<Record<string, string>>;
}

/** URL-decoded text, or undefined when it is not encoded (or not validly). */
function decoded(text: string): string | undefined {
  if (!text.includes('%')) return undefined;
  try {
    const d = decodeURIComponent(text);
    return d === text ? undefined : d;
  } catch {
    return undefined;
  }
}

function partitionOfRegion(region: string | undefined): string | undefined {
  if (region === undefined) return undefined;
  if (region.startsWith('cn-')) return 'aws-cn';
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('us-iso-')) return 'aws-iso';
  if (region.startsWith('us-isob-')) return 'aws-iso-b';
  return 'aws';
}

/** `SNS:Publish` -> `sns:Publish`; the action name as the catalog spells it when the catalog knows it. */
export function normalizeAction(action: string): { action: string; catalog?: CatalogAction } {
  const colon = action.indexOf(':');
  if (colon <= 0) return { action };
  const service = action.slice(0, colon).toLowerCase();
  const name = action.slice(colon + 1);
  const catalog = name.includes('*') || name.includes('?') ? undefined : findAction(service, name);
  return catalog ? { action: `${service}:${catalog.name}`, catalog } : { action: `${service}:${name}` };
}

/** Whether an ARN has a template's shape (each placeholder any run of characters). */
function fitsTemplate(tokens: readonly TemplateToken[], arn: string): boolean {
  const parts: PatternPart[] = tokens.map((t) => ('literal' in t ? t.literal : ANY_RUN));
  return compileParts(parts).matches(arn);
}

/** Request parameter names, for placeholders the service logs under another name. */
const PARAMETER_ALIASES: Readonly<Record<string, readonly string[]>> = {
  objectname: ['key'],
  bucketname: ['bucket'],
};

/**
 * Services whose APIs put an identifier parameter into the authorized ARN verbatim even when the caller
 * passes a full ARN (Amazon Connect: `instance/arn:aws:connect:...`, `contact-flow/arn%3Aaws%3A...`). Elsewhere
 * an ARN given for an identifier (KMS KeyId, Lambda FunctionName) is the resource itself.
 */
const EMBEDS_ARN_PARAMETERS: ReadonlySet<string> = new Set(['connect']);

const STANDARD = new Set(['partition', 'region', 'account']);

interface Candidate {
  readonly resource?: string;
  readonly from?: 'template' | 'parameter';
  readonly unfilled: readonly string[];
  /** Placeholders other than Partition, Region and Account that the parameters filled. */
  readonly specific: number;
}

function fillCandidate(
  template: string,
  standard: Readonly<Record<string, string | undefined>>,
  parameters: ReadonlyMap<string, string>,
  embedsArns: boolean,
): Candidate {
  const tokens = tokenize(template);
  const arnParameters = [...parameters.values()].filter((v) => v.startsWith('arn:'));
  let out = '';
  const unfilled: string[] = [];
  let specific = 0;
  for (const token of tokens) {
    if ('literal' in token) {
      out += token.literal;
      continue;
    }
    const name = token.placeholder;
    const lower = name.toLowerCase();
    let value: string | undefined;
    if (STANDARD.has(lower)) value = own(standard, lower);
    else {
      for (const key of [lower, ...(own(PARAMETER_ALIASES, lower) ?? [])]) {
        value = parameters.get(key);
        if (value !== undefined) break;
      }
      if (value !== undefined && !embedsArns) {
        // An ARN for an identifier (KMS KeyId, Lambda FunctionName) is the resource itself; an alias names
        // a resource the record does not show.
        if (value.startsWith('arn:')) {
          if (fitsTemplate(tokens, value)) return { resource: value, from: 'parameter', unfilled: [], specific: 1 };
          value = undefined;
        } else if (value.startsWith('alias/')) value = undefined;
      }
      if (value !== undefined) specific++;
    }
    if (value === undefined) unfilled.push(`\${${name}}`);
    else out += value;
  }
  if (unfilled.length === 0) return { resource: out, from: 'template', unfilled, specific };
  // An ARN request parameter of the template's shape (SNS topicArn, STS roleArn) is the resource.
  if (!embedsArns) {
    const direct = arnParameters.find((v) => fitsTemplate(tokens, v));
    if (direct !== undefined) return { resource: direct, from: 'parameter', unfilled: [], specific: 1 };
  }
  return { unfilled, specific };
}

/** requestParameters' top-level string (and number) values by lowercased name; redacted `***` values left out. */
function parameterMap(parameters: Readonly<Record<string, unknown>> | undefined): Map<string, string> {
  const map = new Map<string, string>();
  for (const [key, value] of Object.entries(parameters ?? {})) {
    const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
    if (text === undefined || text === '' || text === '***' || text === 'HIDDEN_DUE_TO_SECURITY_REASONS') continue;
    map.set(key.toLowerCase(), text);
  }
  return map;
}

function buildResource(
  catalog: CatalogAction,
  denial: Denial,
  principalText: string | undefined,
): { resource?: string; from?: RequestFromDenial['resourceFrom']; missing: string[] } {
  if (catalog.resourceTypes.length === 0) return { resource: '*', from: 'star', missing: [] };
  const principalArn = principalText === undefined ? undefined : parseArn(principalText);
  const principalAccount = principalArn && /^\d{12}$/.test(principalArn.account) ? principalArn.account : undefined;
  const standard = {
    partition: principalArn?.partition || partitionOfRegion(denial.region) || 'aws',
    region: denial.region,
    account: denial.recipientAccountId ?? principalAccount ?? denial.accountId,
  };
  const parameters = parameterMap(denial.requestParameters);
  const required = catalog.resourceTypes.filter((t) => t.required);
  const types = required.length > 0 ? required : catalog.resourceTypes;
  const candidates: Candidate[] = [];
  for (const type of types) {
    const template = findResourceType(catalog.service, type.name)?.arn;
    if (template === undefined) continue;
    const candidate = fillCandidate(template, standard, parameters, EMBEDS_ARN_PARAMETERS.has(catalog.service));
    if (candidate.resource !== undefined) return { resource: candidate.resource, from: candidate.from ?? 'template', missing: [] };
    candidates.push(candidate);
  }
  const best = candidates.reduce<Candidate | undefined>((a, c) => (a === undefined || c.specific > a.specific ? c : a), undefined);
  // Resource types that are all optional and none of which the request names: the action was called on `*`.
  if (required.length === 0 && (best === undefined || best.specific === 0)) return { resource: '*', from: 'star', missing: [] };
  return { missing: best ? [...best.unfilled] : ['resource'] };
}

/** The role name of an assumed-role session ARN (`arn:aws:sts::1:assumed-role/ROLE/SESSION`). */
function sessionRoleName(principal: string): string | undefined {
  const arn = parseArn(principal);
  if (!arn || arn.service !== 'sts' || !arn.resource.startsWith('assumed-role/')) return undefined;
  const rest = arn.resource.slice('assumed-role/'.length);
  const slash = rest.indexOf('/');
  return slash > 0 ? rest.slice(0, slash) : undefined;
}

function contextOf(denial: Denial, principal: string | undefined, catalog: CatalogAction | undefined): Record<string, ContextValue> {
  const context: Record<string, ContextValue> = {};
  if (denial.sourceIp !== undefined && isIP(denial.sourceIp) !== 0) {
    // Through a VPC endpoint AWS does not set aws:SourceIp; the private address is aws:VpcSourceIp.
    context[denial.vpcEndpointId === undefined ? 'aws:SourceIp' : 'aws:VpcSourceIp'] = denial.sourceIp;
  }
  if (denial.vpcEndpointId !== undefined) context['aws:SourceVpce'] = denial.vpcEndpointId;
  if (denial.region !== undefined) context['aws:RequestedRegion'] = denial.region;
  // The role's ARN with its path: a session ARN drops the path, aws:PrincipalArn keeps it.
  if (denial.roleArn !== undefined && principal !== undefined) {
    const role = sessionRoleName(principal);
    const roleArn = parseArn(denial.roleArn);
    if (role !== undefined && roleArn && (roleArn.resource === `role/${role}` || roleArn.resource.endsWith(`/${role}`))) context['aws:PrincipalArn'] = denial.roleArn;
  }
  // Service keys the request carries as a parameter of the same name, e.g. connect:InstanceId.
  if (catalog) {
    const parameters = parameterMap(denial.requestParameters);
    for (const key of catalog.conditionKeys) {
      const colon = key.indexOf(':');
      if (colon <= 0 || key.slice(0, colon).toLowerCase() !== catalog.service || key.includes('/') || key.includes('$')) continue;
      const value = parameters.get(key.slice(colon + 1).toLowerCase());
      if (value !== undefined) setOwn(context, key, value);
    }
  }
  return context;
}

/** The request a denial describes, and what it leaves unknown. */
export function requestFromDenial(denial: Denial): RequestFromDenial {
  const missing: string[] = [];
  const principal = denial.principal?.trim() || undefined;
  if (principal === undefined) missing.push('principal');

  let action: string | undefined;
  let catalog: CatalogAction | undefined;
  if (denial.action === undefined || denial.action.trim() === '') missing.push('action');
  else ({ action, catalog } = normalizeAction(denial.action.trim()));

  let resource: string | undefined;
  let resourceFrom: RequestFromDenial['resourceFrom'];
  if (denial.resource !== undefined && denial.resource !== '') {
    resource = denial.resource;
    resourceFrom = 'printed';
  } else if (catalog) {
    const built = buildResource(catalog, denial, principal);
    resource = built.resource;
    resourceFrom = built.from;
    missing.push(...built.missing);
  } else if (action !== undefined) missing.push('resource');

  const decodedParameters: Record<string, string> = {};
  for (const [key, value] of Object.entries(denial.requestParameters ?? {})) {
    const d = typeof value === 'string' ? decoded(value) : undefined;
    if (d !== undefined) setOwn(decodedParameters, key, d);
  }
  const decodedResource = resource === undefined ? undefined : decoded(resource);

  const context = contextOf(denial, principal, catalog);
  const request: ScenarioRequest | undefined =
    principal !== undefined && action !== undefined
      ? { principal, action, ...(resource !== undefined && { resource }), ...(Object.keys(context).length > 0 && { context }) }
      : undefined;
  return {
    ...(request && { request }),
    missing,
    ...(resourceFrom !== undefined && resource !== undefined && { resourceFrom }),
    ...(decodedResource !== undefined && { decodedResource }),
    ...(Object.keys(decodedParameters).length > 0 && { decodedParameters }),
  };
}
