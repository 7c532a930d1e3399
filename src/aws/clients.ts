/**
 * The AWS SDK v3 clients whydenied reads with, created once and injected into the collector. Credentials
 * and configuration come the standard SDK way: environment, shared config and credentials files,
 * `profile`, IAM Identity Center (SSO), container and instance roles. Custom endpoints come from
 * AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE> (or `endpoint_url` in the profile): the SDK's own mechanism.
 * Throttling is retried by the SDK's adaptive retry mode.
 */
import { ConnectClient } from '@aws-sdk/client-connect';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { STSClient } from '@aws-sdk/client-sts';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { LiveError } from './collect/errors.js';
import { REQUEST_TIMEOUTS } from './limits.js';

export { DEFAULT_LIVE_TIMEOUT_MS } from './limits.js';

/** The one method the collector uses of each client: `send(command)`. Tests may inject their own. */
export type Sender<C extends { send: unknown }> = Pick<C, 'send'>;

export interface AwsClients {
  /** The Region the clients were created for (Connect calls for another Region get their own client). */
  readonly region: string;
  readonly sts: Sender<STSClient>;
  readonly iam: Sender<IAMClient>;
  readonly organizations: Sender<OrganizationsClient>;
  /** Amazon Connect is regional: the client for `region` (default: the clients' Region). */
  connect(region?: string): Sender<ConnectClient>;
  /** KMS is regional too: the client for the key's Region. */
  kms(region?: string): Sender<KMSClient>;
  /** Close the HTTP connections (the process can then exit at once). */
  destroy(): void;
}

export interface ClientOptions {
  /** A profile of the shared config/credentials files (else AWS_PROFILE, else `default`). */
  readonly profile?: string;
  /** Wins over everything else. */
  readonly region?: string;
  /** An ARN whose Region is used when no `region` is given (the resource lives there). */
  readonly resourceArn?: string;
  /** An endpoint for every client (tests); normally AWS_ENDPOINT_URL does this. */
  readonly endpoint?: string;
  /** Static credentials (tests, library callers); default: the SDK's provider chain. */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** Attempts per call, including retries of throttled calls (default: the SDK's, from AWS_MAX_ATTEMPTS or the profile, else 3). */
  readonly maxAttempts?: number;
  /** The whole run's budget: after it, every call in flight is aborted and the next ones fail at once. */
  readonly timeoutMs?: number;
}


/** A client whose every call is aborted once `signal` fires, failing with one clear LiveError. */
function bounded<C extends { send: (...args: never[]) => unknown }>(client: C, signal: AbortSignal | undefined, seconds: number): C {
  if (!signal) return client;
  const send = async (command: unknown, options?: object) => {
    const timedOut = () => new LiveError('timedOut', { seconds });
    if (signal.aborted) throw timedOut();
    try {
      return await (client.send as (c: unknown, o: object) => Promise<unknown>).call(client, command, { ...options, abortSignal: signal });
    } catch (e) {
      throw signal.aborted ? timedOut() : e;
    }
  };
  return Object.assign(Object.create(client) as C, { send });
}

/** Used when neither the option, the ARN nor the configuration names a Region (IAM, STS and Organizations are global). */
export const FALLBACK_REGION = 'us-east-1';

/** The Region of an ARN (`arn:PARTITION:SERVICE:REGION:...`), if it has one. */
export function regionOfArn(arn: string | undefined): string | undefined {
  if (!arn?.startsWith('arn:')) return undefined;
  const region = arn.split(':')[3];
  return region ? region : undefined;
}

/**
 * The Region to use: `--region`, else the resource ARN's, else the environment or profile (AWS_REGION,
 * `region` in ~/.aws/config), else us-east-1.
 */
export async function resolveRegion(options: ClientOptions): Promise<string> {
  const explicit = options.region ?? regionOfArn(options.resourceArn);
  if (explicit) return explicit;
  const probe = new STSClient({ ...(options.profile !== undefined && { profile: options.profile }) });
  try {
    return await probe.config.region();
  } catch {
    return FALLBACK_REGION;
  } finally {
    probe.destroy();
  }
}

/**
 * The SDK warns on stderr that its 2027 releases need Node 22. The CLI prints nothing but its own output,
 * so it turns that one warning off (unless the user set the variable).
 */
export function quietSdkWarnings(env: NodeJS.ProcessEnv = process.env): void {
  env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
}

/** The section names of an INI file (`[default]`, `[profile dev]`, `[sso-session x]`...). */
function sections(path: string): string[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split(/\r?\n/)
    .map((line) => /^\s*\[\s*([^\]]+?)\s*\]/.exec(line)?.[1])
    .filter((s): s is string => s !== undefined);
}

/**
 * Whether a named profile exists in the shared config or credentials file (AWS_CONFIG_FILE,
 * AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/config and ~/.aws/credentials). The SDK alone would only say
 * that no provider gave credentials.
 */
export function profileExists(profile: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const home = env['HOME'] ?? env['USERPROFILE'] ?? homedir();
  const config = env['AWS_CONFIG_FILE'] ?? join(home, '.aws', 'config');
  const credentials = env['AWS_SHARED_CREDENTIALS_FILE'] ?? join(home, '.aws', 'credentials');
  const inConfig = sections(config).some((s) => s.replace(/^profile\s+/, '') === profile);
  return inConfig || sections(credentials).includes(profile);
}

export async function createAwsClients(options: ClientOptions = {}): Promise<AwsClients> {
  if (options.profile !== undefined && options.credentials === undefined && !profileExists(options.profile)) {
    throw new LiveError('profileNotInFiles', { profile: options.profile });
  }
  const region = await resolveRegion(options);
  const config = (r: string) => ({
    region: r,
    retryMode: 'adaptive',
    requestHandler: REQUEST_TIMEOUTS,
    ...(options.maxAttempts !== undefined && { maxAttempts: options.maxAttempts }),
    ...(options.profile !== undefined && { profile: options.profile }),
    ...(options.endpoint !== undefined && { endpoint: options.endpoint }),
    ...(options.credentials !== undefined && { credentials: options.credentials }),
  });
  const deadline = options.timeoutMs !== undefined ? AbortSignal.timeout(options.timeoutMs) : undefined;
  const seconds = Math.round((options.timeoutMs ?? 0) / 1000);
  const clients: { destroy(): void }[] = [];
  // Every client's calls end at the deadline (see `bounded`); destroy() closes them all.
  const make = <C extends { send: (...args: never[]) => unknown; destroy(): void }>(client: C): C => {
    clients.push(client);
    return bounded(client, deadline, seconds);
  };
  const sts = make(new STSClient(config(region)));
  const iam = make(new IAMClient(config(region)));
  const organizations = make(new OrganizationsClient(config(region)));
  // Regional services: one client per Region, made on first use.
  const regional = <C extends { send: (...args: never[]) => unknown; destroy(): void }>(create: (r: string) => C) => {
    const byRegion = new Map<string, C>();
    return (r: string): C => {
      let client = byRegion.get(r);
      if (!client) {
        client = make(create(r));
        byRegion.set(r, client);
      }
      return client;
    };
  };
  const connects = regional((r) => new ConnectClient(config(r)));
  const kmsClients = regional((r) => new KMSClient(config(r)));
  return {
    region,
    sts,
    iam,
    organizations,
    connect: (r = region) => connects(r),
    kms: (r = region) => kmsClients(r),
    destroy() {
      for (const c of clients) c.destroy();
    },
  };
}

