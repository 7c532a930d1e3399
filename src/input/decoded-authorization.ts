/**
 * The output of `aws sts decode-authorization-message` -> Denial. The CLI prints `{"DecodedMessage": "<json>"}`;
 * the decoded document (STS API reference, DecodeAuthorizationMessage) says whether the request was
 * allowed, whether an explicit deny decided, the statements that matched, and the whole request context:
 *
 *   {"allowed": false, "explicitDeny": true,
 *    "matchedStatements": {"items": [{"statementId": "...", "effect": "DENY", "actions": {"items": [{"value": "ec2:RunInstances"}]}, ...}]},
 *    "context": {"principal": {"id": "...", "arn": "..."}, "action": "ec2:RunInstances", "resource": "arn:...",
 *                "conditions": {"items": [{"key": "ec2:InstanceType", "values": {"items": [{"value": "t3.micro"}]}}]}}}
 */
import { notADenial, type Denial, type DenialResult } from './denial.js';
import { setOwn } from '../own.js';

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const items = (v: unknown): unknown[] => (isObject(v) && Array.isArray(v['items']) ? (v['items'] as unknown[]) : []);
const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** The decoded document in a value: the CLI's `{"DecodedMessage": "..."}`, the SDK's output, or the document itself. */
function documentOf(value: unknown): Obj | undefined {
  if (!isObject(value)) return undefined;
  const wrapped = value['DecodedMessage'] ?? value['decodedMessage'];
  if (typeof wrapped === 'string') {
    try {
      const parsed = JSON.parse(wrapped) as unknown;
      return isObject(parsed) ? parsed : undefined;
    } catch {
      return undefined;
    }
  }
  if (isObject(wrapped)) return wrapped;
  return typeof value['allowed'] === 'boolean' && isObject(value['context']) ? value : undefined;
}

/** Whether a JSON value is (or wraps) a decoded authorization message. */
export function isDecodedAuthorization(value: unknown): boolean {
  return documentOf(value) !== undefined;
}

/** Read a decoded authorization message. */
export function parseDecodedAuthorization(value: unknown): DenialResult {
  const doc = documentOf(value);
  if (!doc) return notADenial('decodedUnrecognised', {});
  if (doc['allowed'] === true) return notADenial('decodedAllowed', {});
  const context = isObject(doc['context']) ? doc['context'] : {};
  const principal = isObject(context['principal']) ? (text(context['principal']['arn']) ?? text(context['principal']['id'])) : undefined;
  const contextKeys: Record<string, string[]> = {};
  for (const item of items(context['conditions'])) {
    if (!isObject(item) || typeof item['key'] !== 'string') continue;
    const values = items(item['values']).flatMap((v) => (isObject(v) && typeof v['value'] === 'string' ? [v['value']] : []));
    setOwn(contextKeys, item['key'], values);
  }
  const matched = items(doc['matchedStatements']).flatMap((s) => (isObject(s) ? [text(s['statementId']) ?? '(no Sid)'] : []));
  const action = text(context['action']);
  const resource = text(context['resource']);
  const denial: Denial = {
    source: 'decoded-authorization',
    message: JSON.stringify(doc),
    ...(principal !== undefined && { principal }),
    ...(action !== undefined && { action }),
    ...(resource !== undefined && { resource }),
    ...(typeof doc['explicitDeny'] === 'boolean' && { explicit: doc['explicitDeny'] }),
    matchedStatements: matched,
    ...(Object.keys(contextKeys).length > 0 && { contextKeys }),
  };
  return { ok: true, denial };
}

/**
 * A denial completed by its decoded authorization message: the decoded document is exact, so its principal,
 * action, resource, explicit flag and context win; the message keeps its wrapper facts (request ID, code).
 */
export function withDecoded(denial: Denial, decoded: Denial): Denial {
  const { source: _source, message: _message, ...exact } = decoded;
  return { ...denial, ...exact };
}
