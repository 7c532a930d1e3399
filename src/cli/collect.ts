/** `whydenied collect`: read from AWS the policies that decide one request, and print them as a scenario. */
import { parseArgs } from 'node:util';
import { argumentMessage, EXIT, timeoutOption, usageError, VERSION, type Io } from './io.js';

const OPTIONS = {
  principal: { type: 'string' },
  timeout: { type: 'string' },
  action: { type: 'string' },
  resource: { type: 'string' },
  profile: { type: 'string' },
  region: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export const COLLECT_HELP = `Usage:
  whydenied collect --principal ARN --action SERVICE:Action --resource ARN [--profile NAME] [--region REGION] [--timeout SECONDS] [--json]
      > scenario.json                 then: whydenied simulate scenario.json (offline, shareable)

Reads, with read-only calls only (Get, List, Describe and sts:GetCallerIdentity), what decides the request:
the principal's identity policies (attached at their default version, inline, its groups'), its permissions
boundary and tags, the SCPs and RCPs of every organization level, and for Amazon Connect the instance, the
flow and whether flow logs are on. The scenario goes to stdout; what could not be read (and whether it
matters) to stderr, and into the scenario's "collected" section.

Credentials and Region the standard AWS way: environment, ~/.aws/config and credentials, --profile, SSO,
container and instance roles. Region: --region, else the resource ARN's, else the profile's. Endpoints:
AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>. The permissions it needs: whydenied policy --self.

Options:
  --timeout  stop after this many seconds (default 120): every call also has a connect and request timeout
  --json     no summary on stderr (the scenario on stdout is JSON either way; what could not be read is
             in its "collected" section)

Exit codes:
  0  collected; everything that decides the request was read (or what was not does not change the decision)
  1  bad input, or the credentials are missing, invalid or expired
  3  something that could change the decision could not be read
`;

export async function collectCommand(args: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: false, options: OPTIONS });
  } catch (e) {
    return usageError(io, argumentMessage(e), 'run `whydenied collect --help` for the options');
  }
  const { values } = parsed;
  if (values.help) {
    io.out(COLLECT_HELP);
    return EXIT.ok;
  }
  const missing = (['principal', 'action', 'resource'] as const).filter((k) => values[k] === undefined || values[k] === '');
  if (missing.length > 0) return usageError(io, `collect needs ${missing.map((m) => `--${m}`).join(', ')}`, 'e.g. whydenied collect --principal arn:aws:sts::111122223333:assumed-role/ChatStarter/fn --action connect:StartChatContact --resource FLOW_ARN');

  const [{ createAwsClients, quietSdkWarnings, DEFAULT_LIVE_TIMEOUT_MS }, { collectScenario, LiveError }, { renderCollected, renderUnreadable }, { plain }] = await Promise.all([
    import('../aws/clients.js'),
    import('../live/collect.js'),
    import('../render/collected.js'),
    import('../render/style.js'),
  ]);
  quietSdkWarnings();
  const timeout = timeoutOption(io, values.timeout, DEFAULT_LIVE_TIMEOUT_MS);
  if (!timeout.ok) return timeout.code;
  const target = { principal: values.principal!, action: values.action!, resource: values.resource! };
  let clients;
  try {
    clients = await createAwsClients({ ...(values.profile !== undefined && { profile: values.profile }), ...(values.region !== undefined && { region: values.region }), resourceArn: target.resource, timeoutMs: timeout.value });
    const { scenario, unreadable } = await collectScenario(target, clients, { tool: `whydenied ${VERSION}`, ...(values.profile !== undefined && { profile: values.profile }) });
    io.out(`${JSON.stringify(scenario, null, 2)}\n`);
    if (!values.json) {
      const style = plain;
      io.err(
        renderCollected(
          scenario.collected,
          {
            identity: scenario.identityPolicies?.length ?? 0,
            boundary: scenario.permissionsBoundary !== undefined,
            ...(scenario.serviceControlPolicies && { scpLevels: scenario.serviceControlPolicies.length }),
            ...(scenario.resourceControlPolicies && { rcpLevels: scenario.resourceControlPolicies.length }),
          },
          style,
        ),
      );
      io.err(renderUnreadable(unreadable, style));
    }
    return scenario.collected.uncertain ? EXIT.undetermined : EXIT.ok;
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
