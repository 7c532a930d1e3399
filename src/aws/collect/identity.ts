/** Which credentials whydenied reads with: STS GetCallerIdentity (needs no permission, cannot be denied). */
import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import { LiveError } from './errors.js';
import { failedCall, type Reader } from './reader.js';
import { errorReason } from './errors.js';

export interface CallerIdentity {
  readonly account: string;
  readonly arn: string;
  readonly userId: string;
}

/** The caller; any failure here (the first call) means the credentials cannot be used at all. */
export async function readCallerIdentity(reader: Reader): Promise<CallerIdentity> {
  try {
    const out = await reader.call('sts:GetCallerIdentity', () => reader.clients.sts.send(new GetCallerIdentityCommand({})));
    if (!out.Account || !out.Arn) throw new LiveError('notSts', {});
    return { account: out.Account, arn: out.Arn, userId: out.UserId ?? '' };
  } catch (error) {
    const failed = failedCall(error);
    if (failed) throw new LiveError('callerUnknown', { reason: errorReason(failed.cause) });
    throw error;
  }
}
