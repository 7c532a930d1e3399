/** The words of the evaluation trace: why a statement did or did not apply. All English of the engine's trace. */
import type { StatementTrace, TraceReason } from '../engine/types.js';

const list = (values: readonly string[]) => values.map((v) => `\`${v}\``).join(', ');

function reasonText(r: TraceReason): string {
  switch (r.element) {
    case 'action':
      return r.negated ? `\`${r.action}\` is excluded by NotAction ${list(r.patterns)}` : `\`${r.action}\` is not matched by Action ${list(r.patterns)}`;
    case 'resource':
      return r.negated ? `\`${r.resource}\` is excluded by NotResource ${list(r.patterns)}` : `\`${r.resource}\` is not matched by Resource ${list(r.patterns)}`;
    case 'principal':
      return r.negated ? `\`${r.principal}\` is listed in NotPrincipal` : `\`${r.principal}\` is not named in Principal`;
    case 'condition': {
      const got = r.requestValues === undefined ? `\`${r.key}\` is absent from the request` : `the request has ${list(r.requestValues)}`;
      return `condition ${r.operator} \`${r.key}\` ${list(r.values)} is not met: ${got}`;
    }
    case 'applies': {
      const parts = ['action'];
      if (r.resource) parts.push('resource');
      if (r.principal) parts.push('principal');
      if (r.conditions > 0) parts.push(r.conditions === 1 ? 'condition' : `all ${r.conditions} conditions`);
      return `applies: ${parts.join(', ')} match`;
    }
  }
}

/** Why a statement did or did not apply, in words. */
export function traceDetail(t: StatementTrace): string {
  return t.reasons.map(reasonText).join('; ');
}

/** A trace entry as `--json` prints it: the reasons in words (`detail`). */
export function traceJson(t: StatementTrace): Omit<StatementTrace, 'reasons'> & { readonly detail: string } {
  const { reasons: _reasons, target, ...rest } = t;
  return { ...rest, detail: traceDetail(t), ...(target !== undefined && { target }) };
}
