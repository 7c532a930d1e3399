/**
 * What the commands that read the account share: the --profile and --region options, and the AWS SDK
 * loaded on demand, its clients closed after, and a LiveError (credentials, access) as one message, exit 1.
 */
import type { AwsClients, ClientOptions } from '../aws/clients.js';
import type { OptionSpec } from './command.js';
import { EXIT, type Io, type Step, VERSION } from './io.js';

/** The AWS options, listed under `section` in the help. */
export function awsOptions<const S extends string>(section: S) {
  return {
    profile: { type: 'string', value: 'NAME', section, description: 'a profile of ~/.aws/config (default: AWS_PROFILE, else the default chain)' },
    region: { type: 'string', value: 'REGION', section, description: "the Region (default: the resource ARN's, else the profile's)" },
  } as const satisfies Record<string, OptionSpec>;
}

/** Who reads the account, as the collected scenario records it. */
export const TOOL = `whydenied ${VERSION}`;

/** Run `work` with the SDK's warnings quieted; a LiveError becomes its message on stderr and exit 1. */
export async function readAccount<T>(io: Io, work: () => Promise<T>): Promise<Step<T>> {
  const [{ quietSdkWarnings }, { LiveError }] = await Promise.all([import('../aws/clients.js'), import('../aws/collect/errors.js')]);
  quietSdkWarnings();
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof LiveError) {
      io.err(`whydenied: ${error.message}\n`);
      return { ok: false, code: EXIT.badInput };
    }
    throw error;
  }
}

/** {@link readAccount} with the read-only clients for these options, closed when `work` is done. */
export async function withAwsClients<T>(io: Io, options: { profile?: string | undefined; region?: string | undefined; resourceArn?: string | undefined }, work: (clients: AwsClients) => Promise<T>): Promise<Step<T>> {
  const { createAwsClients } = await import('../aws/clients.js');
  const clientOptions: ClientOptions = {
    ...(options.profile !== undefined && { profile: options.profile }),
    ...(options.region !== undefined && { region: options.region }),
    ...(options.resourceArn !== undefined && { resourceArn: options.resourceArn }),
  };
  let clients: AwsClients | undefined;
  try {
    return await readAccount(io, async () => {
      clients = await createAwsClients(clientOptions);
      return work(clients);
    });
  } finally {
    clients?.destroy();
  }
}
