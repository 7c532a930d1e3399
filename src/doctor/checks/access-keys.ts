/** The principal is a role, or an IAM user without active access keys older than 90 days. */
import { defineDoctorCheck, doctorMessage } from '../check.js';

const MAX_KEY_AGE_DAYS = 90;

/** The access keys by the end of their id, with their ages in days (parallel lists). */
type Keys = { keyEndings: readonly string[]; keyAges: readonly string[] };
/** `…0001 (200 days)` for each access key of the data. */
const keys = (d: Keys) => d.keyEndings.map((k, i) => `…${k} (${d.keyAges[i] ?? '?'} days)`);

export const accessKeys = defineDoctorCheck({
  meta: {
    id: 'access-keys',
    title: 'No old IAM-user access keys',
    summary: 'no old IAM-user access keys (older than 90 days; roles preferred)',
    docs: 'docs/doctor/access-keys.md',
    severity: 'fail',
    messages: {
      role: doctorMessage(() => ({ message: 'The principal is a role: temporary credentials, nothing to rotate.' })),
      noKeys: doctorMessage((d: { user: string }, w) => ({ message: `User ${w.q(d.user)} has no active access keys.` })),
      userKeys: doctorMessage((d: Keys & { user: string }, w) => ({
        message: `User ${w.q(d.user)} calls with long-term access keys (${w.qs(keys(d))}).`,
        fix: "Prefer a role: run the backend with a Lambda execution role, an ECS task role or an EC2 instance profile, and delete the user's keys.",
      })),
      old: doctorMessage((d: Keys & { user: string; maxDays: number }, w) => ({
        message: `User ${w.q(d.user)} has active access keys older than ${d.maxDays} days: ${w.qs(keys(d))}.`,
        fix: 'Rotate them now (aws iam create-access-key, switch the backend, aws iam update-access-key --status Inactive, then delete-access-key); better, move the backend to a role.',
      })),
      unreadable: doctorMessage((d: { principal: string }, w) => ({ message: `Could not read the access keys of ${w.q(d.principal)} (see "Could not read").`, fix: 'Allow iam:ListAccessKeys to the credentials whydenied uses.' })),
      root: doctorMessage(() => ({ message: 'The principal is the account root user.', fix: 'Never call APIs as root: delete root access keys and use a role.' })),
      other: doctorMessage((d: { kind?: string }) => ({ message: `The principal is a ${String(d.kind)}: its credentials' age cannot be checked.` })),
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
