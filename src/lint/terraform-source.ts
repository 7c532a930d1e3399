/**
 * Terraform configuration (`.tf`), read with HashiCorp's own HCL parser (@cdktf/hcl2json: the Go `hcl`
 * package compiled to WebAssembly, loaded only when a .tf file is linted). The policy attributes of IAM
 * resources (aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy, aws_iam_group_policy, the role's
 * assume_role_policy and inline_policy blocks) and of resource policies (aws_s3_bucket_policy,
 * aws_sqs_queue_policy, aws_sns_topic_policy, aws_kms_key) are linted whether written as `jsonencode({...})`
 * or as a heredoc of JSON. Interpolations (`${var.bucket}`) are values known only at apply: unknown tokens
 * (./unknown.ts); `$${aws:username}` is the policy variable `${aws:username}`. A policy that is wholly an
 * expression (`data.aws_iam_policy_document.x.json`) is known only at plan time: lint the plan.
 */
import { inputProblem, type InputProblem } from '../input/input-problems.js';
import { at } from '../policy/problems.js';
import type { Range } from './source.js';
import type { PolicyHolder, SourcePolicy } from './types.js';
import { isWhollyUnknown, unknownToken } from './unknown.js';
import { own } from '../own.js';

type Parse = (file: string, text: string) => Promise<Record<string, unknown>>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What each resource type's policy attribute is. */
const POLICY_ATTRIBUTES: Readonly<Record<string, readonly { attribute: string; owner?: string; holder?: PolicyHolder }[]>> = {
  aws_iam_policy: [{ attribute: 'policy' }],
  aws_iam_role_policy: [{ attribute: 'policy', owner: 'role' }],
  aws_iam_user_policy: [{ attribute: 'policy', owner: 'user' }],
  aws_iam_group_policy: [{ attribute: 'policy', owner: 'group' }],
  aws_iam_role: [{ attribute: 'assume_role_policy', holder: { kind: 'trust', service: 'sts' } }],
  aws_s3_bucket_policy: [{ attribute: 'policy', holder: { kind: 'bucket', service: 's3' } }],
  aws_sqs_queue_policy: [{ attribute: 'policy', holder: { kind: 'queue', service: 'sqs' } }],
  aws_sns_topic_policy: [{ attribute: 'policy', holder: { kind: 'topic', service: 'sns' } }],
  aws_kms_key: [{ attribute: 'policy', holder: { kind: 'key', service: 'kms' } }],
};

/** Terraform template text: `${expr}` an unknown token, `$${` the literal `${`. */
function templateText(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('$${', i)) {
      out += '${';
      i += 3;
    } else if (text.startsWith('${', i)) {
      let depth = 1;
      let j = i + 2;
      while (j < text.length && depth > 0) {
        if (text[j] === '{') depth++;
        else if (text[j] === '}') depth--;
        j++;
      }
      out += unknownToken(text.slice(i + 2, j - 1).trim());
      i = j;
    } else out += text[i++];
  }
  return out;
}

function templateValues(v: unknown): unknown {
  if (typeof v === 'string') return templateText(v);
  if (Array.isArray(v)) return v.map(templateValues);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, templateValues(x)]));
  return v;
}

/** The policy an attribute's value holds: an object from jsonencode, JSON text from a heredoc, or undefined when known only later. */
async function policyValue(parse: Parse, file: string, raw: unknown): Promise<unknown> {
  if (typeof raw !== 'string') return undefined;
  const encoded = /^\$\{\s*jsonencode\(([\s\S]*)\)\s*\}$/.exec(raw);
  if (encoded) {
    // The argument is an HCL expression: parsed as a local's value, its objects and lists become JSON.
    const parsed = await parse(file, `locals {\n  v = ${encoded[1]!}\n}\n`);
    const locals = parsed['locals'];
    const value = Array.isArray(locals) && isObject(locals[0]) ? locals[0]['v'] : undefined;
    return value === undefined ? undefined : templateValues(value);
  }
  const text = templateText(raw);
  return isWhollyUnknown(text.trim()) ? undefined : text;
}

/** A resource reference `${aws_iam_role.NAME.id}` as the scope key of the role (deny-everything compares them). */
function ownerKey(kind: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const prefix = `\${aws_iam_${kind}.`;
  if (value.startsWith(prefix) && (value.endsWith('.id}') || value.endsWith('.name}'))) return `${kind}:ref:${value.slice(prefix.length, value.lastIndexOf('.'))}`;
  return `${kind}:name:${value}`;
}

/** The policies of a .tf file, or the parser's message with its line and column. */
export async function terraformSourcePolicies(file: string, text: string): Promise<{ ok: true; policies: SourcePolicy[] } | { ok: false; problem: InputProblem }> {
  const { parse } = (await import('@cdktf/hcl2json')) as unknown as { parse: Parse };
  let config: Record<string, unknown>;
  try {
    config = await parse(file, text);
  } catch (e) {
    // "parse config: [main.tf:2,7-3,1: Invalid expression; Expected the start of an expression...]"
    const message = String((e as Error).message ?? e);
    const m = /:(\d+),(\d+)(?:-\d+(?:,\d+)?)?: ([^\]]*)\]?\s*$/.exec(message);
    return { ok: false, problem: inputProblem(file, 'invalidTerraform', { reason: m ? m[3]!.trim() : message }, m ? { line: Number(m[1]), column: Number(m[2]) } : undefined) };
  }
  const policies: SourcePolicy[] = [];
  const resources = isObject(config['resource']) ? config['resource'] : {};
  for (const [type, byName] of Object.entries(resources)) {
    const attributes = own(POLICY_ATTRIBUTES, type);
    if (!isObject(byName)) continue;
    for (const [name, blocks] of Object.entries(byName)) {
      const block = Array.isArray(blocks) && isObject(blocks[0]) ? blocks[0] : undefined;
      if (!block) continue;
      const address = `${type}.${name}`;
      const base = at(at(at('/resource', type), name), '0');
      const add = async (raw: unknown, pointer: string, policyName: string, scope: string[], holder?: PolicyHolder) => {
        const document = await policyValue(parse, file, raw);
        if (document === undefined) return;
        policies.push({ type: holder ? 'resource' : 'identity', name: policyName, resource: address, document, pointer, embedded: true, scope, ...(holder && { holder }) });
      };
      const label = typeof block['name'] === 'string' && !block['name'].includes('${') ? block['name'] : address;
      for (const a of attributes ?? []) {
        const owner = a.owner ? ownerKey(a.owner, own(block, a.owner)) : undefined;
        await add(own(block, a.attribute), at(base, a.attribute), a.holder ? `${label} ${a.attribute}` : label, owner ? [owner] : [`${a.holder?.kind ?? 'policy'}:${address}`], a.holder);
      }
      const inline = block['inline_policy'];
      if (type === 'aws_iam_role' && Array.isArray(inline)) {
        for (const [i, b] of inline.entries()) {
          if (isObject(b)) await add(b['policy'], at(at(at(base, 'inline_policy'), i), 'policy'), typeof b['name'] === 'string' ? b['name'] : `${label} inline_policy[${i}]`, [`role:ref:${name}`]);
        }
      }
    }
  }
  return { ok: true, policies };
}

/** The offset of the first line at or after `from` that starts (after spaces) with `name` then spaces and `sign`. */
function lineStarting(text: string, from: number, name: string, sign: string): number | undefined {
  for (let i = text.indexOf('\n', from); i >= 0 && i < text.length; i = text.indexOf('\n', i + 1)) {
    let j = i + 1;
    while (text[j] === ' ' || text[j] === '\t') j++;
    if (!text.startsWith(name, j)) continue;
    let k = j + name.length;
    while (text[k] === ' ' || text[k] === '\t') k++;
    if (text.startsWith(sign, k)) return j;
  }
  return undefined;
}

/** The line of a resource's attribute (`/resource/TYPE/NAME/0/ATTR...`): HCL has no JSON pointers. */
export function terraformLocator(text: string): (pointer: string) => Range | undefined {
  return (pointer) => {
    const [, resource, type, name, , attribute, index, inner] = pointer.split('/');
    if (resource !== 'resource' || type === undefined || name === undefined || attribute === undefined) return undefined;
    const header = `resource "${type}" "${name}"`;
    const start = text.indexOf(header);
    if (start < 0) return undefined;
    let from = start;
    let target = attribute;
    if (index !== undefined && inner !== undefined) {
      // the n-th `inline_policy {` block of the resource, then its attribute
      for (let n = 0; n <= Number(index); n++) {
        const next = lineStarting(text, from, attribute, '{');
        if (next === undefined) return undefined;
        from = next;
      }
      target = inner;
    }
    const offset = lineStarting(text, from, target, '=') ?? start;
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return { line, column, endLine: line, endColumn: column, exact: false };
  };
}
