/**
 * Terraform plans as `terraform show -json` prints them (and state, which has the same `values` shape):
 * the `policy` JSON strings of aws_iam_policy, aws_iam_role_policy, aws_iam_user_policy,
 * aws_iam_group_policy and the `inline_policy` blocks of aws_iam_role, from planned_values (every module)
 * and, for resources missing there, from resource_changes. Policies still unknown at plan time are skipped.
 */
import { at } from '../policy/problems.js';
import type { SourcePolicy } from './types.js';
import { own } from '../own.js';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Whether a parsed JSON value is a Terraform plan or state in JSON. */
export function isTerraformPlan(value: unknown): value is Record<string, unknown> {
  if (!isObject(value) || value['format_version'] === undefined) return false;
  return value['planned_values'] !== undefined || value['resource_changes'] !== undefined || value['values'] !== undefined;
}

const SCOPE: Readonly<Record<string, string>> = { aws_iam_role_policy: 'role', aws_iam_user_policy: 'user', aws_iam_group_policy: 'group' };

/** The policies of one resource's attribute values. */
function fromValues(type: string, address: string, values: Record<string, unknown>, pointer: string): SourcePolicy[] {
  const name = typeof values['name'] === 'string' ? values['name'] : address;
  if (type === 'aws_iam_role') {
    const inline = values['inline_policy'];
    if (!Array.isArray(inline)) return [];
    return inline.flatMap((block, i) =>
      isObject(block) && typeof block['policy'] === 'string' && block['policy'] !== ''
        ? [{ type: 'identity' as const, name: typeof block['name'] === 'string' ? block['name'] : `${name} inline_policy[${i}]`, resource: address, document: block['policy'], pointer: at(at(at(pointer, 'inline_policy'), i), 'policy'), embedded: true, scope: [`role:${name}`] }]
        : [],
    );
  }
  if (type !== 'aws_iam_policy' && !own(SCOPE, type)) return [];
  if (typeof values['policy'] !== 'string') return []; // unknown until apply
  const kind = own(SCOPE, type);
  const owner = kind ? own(values, kind) : undefined;
  return [{ type: 'identity', name, resource: address, document: values['policy'], pointer: at(pointer, 'policy'), embedded: true, scope: kind && typeof owner === 'string' ? [`${kind}:${owner}`] : [`policy:${address}`] }];
}

function walkModule(module: unknown, pointer: string, out: SourcePolicy[], seen: Set<string>): void {
  if (!isObject(module)) return;
  const resources = module['resources'];
  if (Array.isArray(resources)) {
    resources.forEach((r, i) => {
      if (!isObject(r) || r['mode'] === 'data' || typeof r['type'] !== 'string' || !isObject(r['values'])) return;
      const address = typeof r['address'] === 'string' ? r['address'] : `${r['type']}.${String(r['name'])}`;
      seen.add(address);
      out.push(...fromValues(r['type'], address, r['values'], at(at(at(pointer, 'resources'), i), 'values')));
    });
  }
  const children = module['child_modules'];
  if (Array.isArray(children)) children.forEach((c, i) => walkModule(c, at(at(pointer, 'child_modules'), i), out, seen));
}

export function terraformPolicies(plan: Record<string, unknown>): SourcePolicy[] {
  const out: SourcePolicy[] = [];
  const seen = new Set<string>();
  const planned = plan['planned_values'];
  if (isObject(planned)) walkModule(planned['root_module'], '/planned_values/root_module', out, seen);
  const state = plan['values'];
  if (isObject(state)) walkModule(state['root_module'], '/values/root_module', out, seen);
  const changes = plan['resource_changes'];
  if (Array.isArray(changes)) {
    changes.forEach((c, i) => {
      if (!isObject(c) || typeof c['type'] !== 'string' || typeof c['address'] !== 'string' || seen.has(c['address']) || c['mode'] === 'data') return;
      const change = c['change'];
      if (!isObject(change) || !isObject(change['after'])) return;
      out.push(...fromValues(c['type'], c['address'], change['after'], `/resource_changes/${i}/change/after`));
    });
  }
  return out;
}
