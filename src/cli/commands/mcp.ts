import { awsOptions } from '../aws.js';
import { defineCommand } from '../command.js';
import { EXIT } from '../io.js';

export const mcp = defineCommand({
  name: 'mcp',
  synopsis: '[--live]',
  summary: 'serve explain, simulate, policy and lint to AI agents (MCP over stdio)',
  usage: [
    ['', 'serve the tools explain, simulate, policy, lint, diff over stdio (MCP)'],
    ['--live [--profile NAME] [--region REGION]', 'also let `explain` read the deciding policies from the account (read-only calls, credentials the standard AWS SDK way)'],
  ],
  description: `An MCP client starts it; register it as a stdio server in its \`mcpServers\` configuration (example below).

Read-only: no tool changes an account or a file; a fix is returned as data with its proof status,
never applied. Without --live no tool calls AWS. Bad arguments, binary data and arguments over 4 MiB
are answered with a tool error; the server goes on. docs/commands/mcp.md describes each tool.`,
  examples: ['{ "mcpServers": { "whydenied": { "command": "npx", "args": ["-y", "whydenied", "mcp"] } } }'],
  options: {
    live: { type: 'boolean', description: 'let `explain` read the deciding policies from the account (read-only)' },
    ...awsOptions('Options'),
  },
  exits: [
    { code: EXIT.ok, meaning: 'the client closed the connection' },
    { code: EXIT.badInput, meaning: 'bad usage' },
  ],
});
