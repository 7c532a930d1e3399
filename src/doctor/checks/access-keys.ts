/** The principal is a role, or an IAM user without active access keys older than 90 days. */
import { message } from '../../diagnosis/rule.js';
import { defineDoctorCheck } from '../check.js';

const MAX_KEY_AGE_DAYS = 90;

type Empty = Record<string, never>;
/** The access keys by the end of their id, with their ages in days (parallel lists). */
type Keys = { keyEndings: readonly string[]; keyAges: readonly string[] };

export const accessKeys = defineDoctorCheck({
  meta: {
    id: 'access-keys',
    title: 'No old IAM-user access keys',
    docs: 'docs/commands/doctor.md',
    severity: 'fail',
    messages: {
      role: message<Empty>(),
      noKeys: message<{ user: string }>(),
      userKeys: message<Keys & { user: string }>(),
      old: message<Keys & { user: string; maxDays: number }>(),
      unreadable: message<{ principal: string }>(),
      root: message<Empty>(),
      other: message<{ kind?: string }>(),
    },
  },
  run({ scenario, principal }) {
    const kind = scenario.collected.principal?.kind;
    if (kind === 'role' || kind === 'role-session') return [{ severity: 'pass', messageId: 'role', data: {} }];
    if (kind === 'root') return [{ severity: 'fail', messageId: 'root', data: {} }];
    if (kind !== 'user') return [{ severity: 'warn', messageId: 'other', data: { kind } }];
    const keys = scenario.collected.principal?.accessKeys;
    if (keys === undefined) return [{ severity: 'warn', messageId: 'unreadable', data: { principal } }];
    const active = keys.filter((k) => k.status === 'Active');
    const old = active.filter((k) => k.ageDays > MAX_KEY_AGE_DAYS);
    const describe = (list: typeof keys) => ({ keyEndings: list.map((k) => k.idEnding), keyAges: list.map((k) => String(k.ageDays)) });
    if (old.length > 0) return [{ severity: 'fail', messageId: 'old', data: { ...describe(old), maxDays: MAX_KEY_AGE_DAYS, user: principal } }];
    if (active.length > 0) return [{ severity: 'warn', messageId: 'userKeys', data: { ...describe(active), user: principal } }];
    return [{ severity: 'pass', messageId: 'noKeys', data: { user: principal } }];
  },
});
