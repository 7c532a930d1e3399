/** `whydenied mcp [--live]`: the explainer as Model Context Protocol tools for AI agents, over stdio. */
import { parseArgs } from 'node:util';
import { argumentMessage, EXIT, usageError, VERSION, type Io } from './io.js';

export const MCP_HELP = `Usage:
  whydenied mcp                       serve the tools explain, simulate, policy, lint over stdio (MCP)
  whydenied mcp --live [--profile NAME] [--region REGION]
                                      also let \`explain\` read the deciding policies from the account
                                      (read-only calls, credentials the standard AWS SDK way)

An MCP client starts it; register it as a stdio server, e.g. in an \`mcpServers\` configuration:
  { "mcpServers": { "whydenied": { "command": "npx", "args": ["-y", "whydenied", "mcp"] } } }

Read-only: no tool changes an account or a file; a fix is returned as data with its proof status,
never applied. Without --live no tool calls AWS. Bad arguments, binary data and arguments over 4 MiB
are answered with a tool error; the server goes on. docs/commands/mcp.md describes each tool.

Exit codes:
  0  the client closed the connection
  1  bad usage
`;

export async function mcpCommand(args: string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args, options: { live: { type: 'boolean' }, profile: { type: 'string' }, region: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }));
  } catch (e) {
    return usageError(io, argumentMessage(e), 'run `whydenied mcp --help` for the options');
  }
  if (values.help) {
    io.out(MCP_HELP);
    return EXIT.ok;
  }
  if (!values.live && (values.profile !== undefined || values.region !== undefined)) return usageError(io, '--profile and --region choose the account for --live', 'add --live, or leave them out');
  if (values.live) (await import('../aws/clients.js')).quietSdkWarnings();
  const { serveMcp } = await import('../mcp/server.js');
  const live = values.live ? { ...(values.profile !== undefined && { profile: values.profile }), ...(values.region !== undefined && { region: values.region }), tool: `whydenied ${VERSION}` } : undefined;
  await serveMcp({ context: live ? { live } : {}, version: VERSION, log: (line) => io.err(`${line}\n`) });
  return EXIT.ok;
}
