/**
 * "Is this one action?": `service:Action` with no wildcard, a service AWS defines and an action of it. The
 * one answer for the scenario's request and `lint --action`/the MCP `action` argument; each caller words it.
 */
import { actionNames, findAction, serviceExists, serviceKeys } from '../catalog/index.js';
import { closest } from './problems.js';

export type OneAction =
  | { readonly ok: true; readonly service: string; readonly name: string; /** As the catalog spells it. */ readonly action: string }
  | { readonly ok: false; readonly why: 'not-one-action' }
  | { readonly ok: false; readonly why: 'unknown-service'; readonly service: string; readonly suggestion?: string }
  | { readonly ok: false; readonly why: 'unknown-action'; readonly service: string; /** `service:Action` */ readonly suggestion?: string };

export function oneAction(text: string): OneAction {
  const colon = text.indexOf(':');
  if (colon <= 0 || /[*?]/.test(text)) return { ok: false, why: 'not-one-action' };
  const service = text.slice(0, colon);
  const name = text.slice(colon + 1);
  if (!serviceExists(service)) {
    const s = closest(service, serviceKeys());
    return { ok: false, why: 'unknown-service', service, ...(s !== undefined && { suggestion: s }) };
  }
  const found = findAction(service, name);
  if (!found) {
    const s = closest(name, actionNames(service));
    return { ok: false, why: 'unknown-action', service, ...(s !== undefined && { suggestion: `${service}:${s}` }) };
  }
  return { ok: true, service: found.service, name: found.name, action: `${found.service}:${found.name}` };
}
