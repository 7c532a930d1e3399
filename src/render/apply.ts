/**
 * The AWS CLI commands that apply a fix's JSON document (saved to `file`), when whydenied knows which policy
 * it is: a new version of a customer managed policy, an inline policy, a new policy to attach, an
 * organization policy with a known ID, a key policy, a trust policy. None when the holder is not known.
 */
import type { Fix } from '../remedy/fix.js';

/** A word the shell passes through as is: quoted unless it holds only characters no shell treats specially. */
function shellWord(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The partition and account of an IAM or STS principal ARN. */
function accountOf(arn: string): { partition: string; account: string } | undefined {
  const m = /^arn:([^:]+):(?:iam|sts)::(\d{12}):/.exec(arn);
  return m ? { partition: m[1]!, account: m[2]! } : undefined;
}

export function applyCommands(fix: Fix, file: string): string[] {
  const doc = `file://${file}`;
  const h = fix.holder;
  const w = shellWord;
  switch (h.kind) {
    case 'managed-policy':
      return [`aws iam create-policy-version --policy-arn ${w(h.arn)} --policy-document ${w(doc)} --set-as-default`];
    case 'inline-policy':
      return [`aws iam put-${h.owner.kind}-policy --${h.owner.kind}-name ${w(h.owner.name)} --policy-name ${w(h.name)} --policy-document ${w(doc)}`];
    case 'new-policy': {
      const where = accountOf(fix.target);
      if (!h.attachTo || !where) return [];
      const arn = `arn:${where.partition}:iam::${where.account}:policy/${h.name}`;
      return [`aws iam create-policy --policy-name ${w(h.name)} --policy-document ${w(doc)}`, `aws iam attach-${h.attachTo.kind}-policy --${h.attachTo.kind}-name ${w(h.attachTo.name)} --policy-arn ${w(arn)}`];
    }
    case 'organizations-policy':
      return h.id === undefined ? [] : [`aws organizations update-policy --policy-id ${w(h.id)} --content ${w(doc)}`];
    case 'document':
      // Only a whole document replaces one: a statement for a key or trust policy that was not given is not one.
      if (fix.change !== 'replace') return [];
      if (h.of?.kind === 'kms-key') return [`aws kms put-key-policy --key-id ${w(h.of.arn)} --policy-name default --policy ${w(doc)}`];
      if (h.of?.kind === 'role-trust') return [`aws iam update-assume-role-policy --role-name ${w(h.of.arn.slice(h.of.arn.lastIndexOf('/') + 1))} --policy-document ${w(doc)}`];
      return [];
  }
}
