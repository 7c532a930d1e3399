/** `whydenied doctor connect`: the Amazon Connect chat health check against the live account. */
import { parseArgs } from 'node:util';
import { argumentMessage, EXIT, timeoutOption, usageError, VERSION, type Io } from './io.js';
import { setOwn } from '../own.js';

const OPTIONS = {
  instance: { type: 'string' },
  timeout: { type: 'string' },
  flow: { type: 'string' },
  principal: { type: 'string' },
  context: { type: 'string', multiple: true },
  profile: { type: 'string' },
  region: { type: 'string' },
  live: { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const DOCTOR_HELP = `Usage:
  whydenied doctor connect --instance ARN-or-ID [--flow ID] [--principal ARN] [--context KEY=VALUE ...]
                           [--profile NAME] [--region REGION] [--timeout SECONDS] [--json]

For the instance (and flow) and the principal that calls StartChatContact (default: the caller), reads the
account with read-only calls, evaluates StartChatContact, and checks:
  Instance and flow exist               in that account and Region
  StartChatContact is allowed           with every policy type (identity, boundary, SCPs...)
  No Resource "*" on the chat statement
  Calls tied to the backend's network   aws:SourceVpce / aws:SourceIp condition
  Flow logs enabled                     CONTACTFLOW_LOGS
  No old IAM-user access keys           older than 90 days; roles preferred
Each check passes, warns or fails, with the fix.

Options:
  --instance     the instance ARN, or its ID (then the Region comes from --region or the profile)
  --flow         the contact-flow ID the backend passes (or the flow ARN)
  --principal    the backend's role or user ARN (an assumed-role session ARN works too)
  --context      request context the backend's calls carry, e.g. aws:SourceVpce=vpce-0a1b2c3d
  --timeout      stop after this many seconds (default 120)
  --json         the report as JSON: { checks, explanation, unreadable, collected, ... }
  --live         accepted for symmetry with explain: doctor always reads the account (read-only)

Exit codes:
  0  every check passed (warnings allowed)
  1  bad input, or the credentials are missing, invalid or expired
  2  a check failed
  3  StartChatContact could not be decided: something that matters could not be read
`;

export async function doctorCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    return usageError(io, argumentMessage(e), 'run `whydenied doctor --help` for the options');
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out(DOCTOR_HELP);
    return EXIT.ok;
  }
  if (positionals[0] !== 'connect' || positionals.length > 1) {
    return usageError(io, positionals.length === 0 ? 'doctor needs a topic: `whydenied doctor connect`' : `unknown doctor topic \`${positionals.join(' ')}\``, 'whydenied doctor connect --instance ARN-or-ID [--flow ID]');
  }
  if (!values.instance) return usageError(io, 'doctor connect needs --instance ARN-or-ID', 'e.g. whydenied doctor connect --instance arn:aws:connect:us-east-1:111122223333:instance/ID --flow FLOW_ID');
  const context: Record<string, string> = {};
  for (const pair of values.context ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) return usageError(io, `\`--context ${pair}\` is not KEY=VALUE`, 'e.g. --context aws:SourceVpce=vpce-0a1b2c3d');
    setOwn(context, pair.slice(0, eq), pair.slice(eq + 1));
  }

  const [{ createAwsClients, quietSdkWarnings, DEFAULT_LIVE_TIMEOUT_MS }, { doctorConnect, doctorExitCode }, { LiveError }, { renderDoctor }, { styleFor }] = await Promise.all([
    import('../aws/clients.js'),
    import('../live/doctor.js'),
    import('../aws/collect/errors.js'),
    import('../render/doctor.js'),
    import('../render/style.js'),
  ]);
  quietSdkWarnings();
  const timeout = timeoutOption(io, values.timeout, DEFAULT_LIVE_TIMEOUT_MS);
  if (!timeout.ok) return timeout.code;
  let clients;
  try {
    clients = await createAwsClients({
      ...(values.profile !== undefined && { profile: values.profile }),
      ...(values.region !== undefined && { region: values.region }),
      ...(values.instance.startsWith('arn:') && { resourceArn: values.instance }),
      timeoutMs: timeout.value,
    });
    const report = await doctorConnect(
      {
        instance: values.instance,
        ...(values.flow !== undefined && { flow: values.flow }),
        ...(values.principal !== undefined && { principal: values.principal }),
        ...(Object.keys(context).length > 0 && { context }),
      },
      clients,
      { tool: `whydenied ${VERSION}`, ...(values.profile !== undefined && { profile: values.profile }) },
    );
    if (values.json) io.out(`${JSON.stringify(report, null, 2)}\n`);
    else io.out(renderDoctor(report, styleFor(io.stdout, io.env)));
    return doctorExitCode(report);
  } catch (error) {
    if (error instanceof LiveError) {
      io.err(`whydenied: ${error.message}\n`);
      return EXIT.badInput;
    }
    throw error;
  } finally {
    clients?.destroy();
  }
}
