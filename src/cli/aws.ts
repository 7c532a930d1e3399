/**
 * What the commands that read the account share: the --profile, --region and --endpoint-url options, and the AWS SDK
 * loaded on demand, its clients closed after, and a LiveError (credentials, access) as one message, exit 1.
 */
import type { AwsClients, ClientOptions } from '../aws/clients.js';
import { DEFAULT_LIVE_TIMEOUT_MS } from '../aws/limits.js';
import type { OptionSpec } from './command.js';
import { EXIT, type Io, type Step, VERSION } from './io.js';

/** The AWS options, listed under `section` in the help. */
export function awsOptions<const S extends string>(section: S) {
  return {
    profile: { type: 'string', value: 'NAME', section, description: 'a profile of ~/.aws/config (default: AWS_PROFILE, else the default chain)' },
    region: { type: 'string', value: 'REGION', section, description: "the Region (default: the resource ARN's, else the profile's)" },
    'endpoint-url': { type: 'string', value: 'URL', section, description: 'send every AWS call to this endpoint (default: AWS_ENDPOINT_URL, else AWS)' },
  } as const satisfies Record<string, OptionSpec>;
}

/** `--timeout SECONDS` of the commands that read the account (explain --live, collect, doctor): the whole command's budget. */
export function timeoutOption<const S extends string>(section: S) {
  return {
    timeout: {
      type: 'integer',
      value: 'SECONDS',
      min: 1,
      max: 999_999,
      what: 'a number of seconds (1 or more)',
      section,
      description: `stop after this many seconds (default ${DEFAULT_LIVE_TIMEOUT_MS / 1000}): every call also has a connect and request timeout`,
    },
  } as const satisfies Record<string, OptionSpec>;
}

/** The parsed AWS options. */
export type AwsValues = { readonly profile?: string; readonly region?: string; readonly 'endpoint-url'?: string };

/** The budget in milliseconds for the parsed `--timeout`. */
export function timeoutMsOf(values: { readonly timeout?: number }): number {
  return values.timeout !== undefined ? values.timeout * 1000 : DEFAULT_LIVE_TIMEOUT_MS;
}

/** The AWS options as the SDK client factories take them. */
export function clientOptionsOf(values: AwsValues): { profile?: string; region?: string; endpoint?: string } {
  return {
    ...(values.profile !== undefined && { profile: values.profile }),
    ...(values.region !== undefined && { region: values.region }),
    ...(values['endpoint-url'] !== undefined && { endpoint: values['endpoint-url'] }),
  };
}

/** Who reads the account, as the collected scenario records it. */
export const TOOL = `whydenied ${VERSION}`;

/** Run `work` with the SDK's warnings quieted; a LiveError becomes its words on stderr and exit 1. */
export async function readAccount<T>(io: Io, work: () => Promise<T>): Promise<Step<T>> {
  const [{ quietSdkWarnings }, { LiveError }] = await Promise.all([import('../aws/clients.js'), import('../aws/collect/errors.js')]);
  quietSdkWarnings();
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof LiveError) {
      const { liveErrorMessage } = await import('../render/live-error.js');
      io.err(`whydenied: ${liveErrorMessage(error)}\n`);
      return { ok: false, code: EXIT.badInput };
    }
    throw error;
  }
}

/** {@link readAccount} with the read-only clients for these options (and `--timeout`), closed when `work` is done. */
export async function withAwsClients<T>(io: Io, values: AwsValues & { readonly timeout?: number }, resourceArn: string | undefined, work: (clients: AwsClients) => Promise<T>): Promise<Step<T>> {
  const { createAwsClients } = await import('../aws/clients.js');
  const clientOptions: ClientOptions = { ...clientOptionsOf(values), ...(resourceArn !== undefined && { resourceArn }), timeoutMs: timeoutMsOf(values) };
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
