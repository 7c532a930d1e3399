/** `whydenied mcp [--live]`: the explainer as Model Context Protocol tools for AI agents, over stdio. */
import { clientOptionsOf, TOOL } from './aws.js';
import type { CommandInput } from './command.js';
import type { mcp } from './commands/mcp.js';
import { EXIT, usageError, VERSION, type Io } from './io.js';

export async function run({ values }: CommandInput<typeof mcp.options>, io: Io): Promise<number> {
  if (!values.live && (values.profile !== undefined || values.region !== undefined || values['endpoint-url'] !== undefined)) {
    return usageError(io, '--profile and --region choose the account for --live', 'add --live, or leave them out');
  }
  if (values.live) (await import('../aws/clients.js')).quietSdkWarnings();
  const { serveMcp } = await import('../mcp/server.js');
  const live = values.live ? { ...clientOptionsOf(values), tool: TOOL } : undefined;
  await serveMcp({ context: live ? { live } : {}, version: VERSION, log: (line) => io.err(`${line}\n`) });
  return EXIT.ok;
}
