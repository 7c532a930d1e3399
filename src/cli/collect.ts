/** `whydenied collect`: read from AWS the policies that decide one request, and print them as a scenario. */
import { plain } from '../render/style.js';
import { TOOL, withAwsClients } from './aws.js';
import type { CommandInput } from './command.js';
import type { collect } from './commands/collect.js';
import { EXIT, usageError, type Io } from './io.js';

export async function run({ values }: CommandInput<typeof collect.options>, io: Io): Promise<number> {
  const missing = (['principal', 'action', 'resource'] as const).filter((k) => values[k] === undefined || values[k] === '');
  if (missing.length > 0) return usageError(io, `collect needs ${missing.map((m) => `--${m}`).join(', ')}`, 'e.g. whydenied collect --principal arn:aws:sts::111122223333:assumed-role/ChatStarter/fn --action connect:StartChatContact --resource FLOW_ARN');

  const [{ collectScenario }, { renderCollected, renderUnreadable }] = await Promise.all([import('../live/collect.js'), import('../render/collected.js')]);
  const target = { principal: values.principal!, action: values.action!, resource: values.resource! };
  const collected = await withAwsClients(io, values, target.resource, (clients) =>
    collectScenario(target, clients, { tool: TOOL, ...(values.profile !== undefined && { profile: values.profile }) }),
  );
  if (!collected.ok) return collected.code;
  const { scenario, unreadable } = collected.value;
  io.out(`${JSON.stringify(scenario, null, 2)}\n`);
  if (!values.json) {
    const counts = {
      identity: scenario.identityPolicies?.length ?? 0,
      boundary: scenario.permissionsBoundary !== undefined,
      ...(scenario.serviceControlPolicies && { scpLevels: scenario.serviceControlPolicies.length }),
      ...(scenario.resourceControlPolicies && { rcpLevels: scenario.resourceControlPolicies.length }),
    };
    io.err(renderCollected(scenario.collected, counts, plain));
    io.err(renderUnreadable(unreadable, plain));
  }
  return scenario.collected.uncertain ? EXIT.undetermined : EXIT.ok;
}
