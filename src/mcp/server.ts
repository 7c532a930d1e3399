/**
 * `whydenied mcp`: the tools of ./tools.ts served over stdio with the official MCP SDK. Every call is
 * checked before it runs (size, binary data, the tool's JSON Schema) and every failure is a tool error
 * (isError) with one clear message: the server itself never stops on bad input. The SDK loads only here.
 */
import { Writable, type Readable } from 'node:stream';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import { MAX_DEPTH, tooDeep } from '../input/document-file.js';
import { didYouMean } from '../render/problems.js';
import { visible } from '../render/visible.js';
import { TOOLS, type Args, type ToolContext, type ToolDefinition } from './tools.js';

/**
 * The largest arguments a call may have (their JSON, in UTF-8). Policies are at most a few KB and a
 * CloudFormation template at most 1 MB; anything larger is almost certainly the wrong input. Calls up
 * to TRANSPORT_LIMIT are answered with a tool error; a line larger than that makes the SDK's stdio
 * transport close the connection.
 */
export const MAX_ARGUMENT_BYTES = 4 * 1024 * 1024;
/** The SDK's stdio read buffer (its default is 10 MiB): a margin over MAX_ARGUMENT_BYTES. */
export const TRANSPORT_LIMIT = 32 * 1024 * 1024;

export const INSTRUCTIONS = `whydenied explains AWS AccessDenied errors by evaluating the request exactly as AWS does. When an AWS call fails with AccessDenied, call \`explain\` with the error text (and the policies, if you have them) before editing IAM: it names the deciding statement and returns the least-privilege fix with its proof status (verified only when proven). \`policy\` writes a least-privilege policy for actions and resources, \`lint\` checks a policy before deployment, \`simulate\` evaluates a scenario. Nothing is ever applied to an account: you decide what to change.`;

export interface McpOptions {
  readonly context: ToolContext;
  readonly version: string;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  /** Where the server says why it stopped (stderr): stdout carries only the protocol. */
  readonly log: (line: string) => void;
}

type CallResult = { content: { type: 'text'; text: string }[]; structuredContent?: Record<string, unknown>; isError?: boolean };

/** Tool errors are English for a person (who may see them in a terminal): input in them is made visible. */
const toolError = (message: string): CallResult => ({ content: [{ type: 'text', text: visible(message, { lines: true }) }], isError: true });

/**
 * stdout carries only the protocol, one JSON message per line; JSON.stringify leaves DEL, C1 controls, bidi
 * overrides and U+2028 raw inside strings. Written as `\uXXXX` escapes they are the same JSON value, and
 * whoever watches the stream (a terminal, a log) sees them instead of obeying them.
 */
function protocolOut(out: Writable): Writable {
  return new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      out.write(visible(typeof chunk === 'string' ? chunk : chunk.toString('utf8'), { lines: true }), done);
    },
  });
}

/** A JSON pointer as a readable path: `/policies/0/type` -> `policies[0].type`. */
function argumentPath(pointer: string, extra?: string): string {
  const parts = [...pointer.split('/').slice(1), ...(extra === undefined ? [] : [extra])].map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  return parts.reduce((path, p) => (/^\d+$/.test(p) ? `${path}[${p}]` : path === '' ? p : `${path}.${p}`), '');
}

const typeName = (t: unknown) => (Array.isArray(t) ? t.join(' or ') : String(t)).replace('object', 'an object').replace('string', 'a string').replace('array', 'an array').replace('boolean', 'true or false');

/** The first schema error, in the words of the CLI's usage messages. */
function schemaMessage(tool: ToolDefinition, error: ErrorObject): string {
  const at = argumentPath(error.instancePath);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return `missing argument \`${argumentPath(error.instancePath, String(params['missingProperty']))}\``;
    case 'additionalProperties': {
      const name = String(params['additionalProperty']);
      const known = Object.keys(((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}) as object);
      const hint = didYouMean(name, known);
      return `unknown argument \`${argumentPath(error.instancePath, name)}\`${hint ? ` (${hint})` : ''}; ${tool.name} takes ${known.map((k) => `\`${k}\``).join(', ')}`;
    }
    case 'type':
      return `\`${at}\` must be ${typeName(params['type'])}`;
    case 'enum':
      return `\`${at}\` must be one of ${(params['allowedValues'] as unknown[]).map((v) => `\`${String(v)}\``).join(', ')}`;
    default:
      return `\`${at || 'arguments'}\` ${error.message ?? 'is not valid'}`;
  }
}

/** Text that is binary data: a NUL, or mostly control characters and replacement characters (bytes that are not UTF-8). */
function binaryText(text: string): boolean {
  if (text.includes('\u0000')) return true;
  let odd = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) odd++;
  }
  return odd >= 4 && odd * 10 > text.length;
}

/** The path of the first string argument (at any depth) that is binary data. */
function binaryArgument(value: unknown, path = ''): string | undefined {
  if (typeof value === 'string') return binaryText(value) ? path : undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = binaryArgument(value[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
  } else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      const found = binaryArgument(v, path === '' ? k : `${path}.${k}`);
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** One call, checked and run: always a result, never a thrown error. */
export async function callTool(tool: ToolDefinition, validate: ValidateFunction, rawArgs: unknown, context: ToolContext): Promise<CallResult> {
  const args = rawArgs ?? {};
  // before anything walks the arguments by recursion (JSON.stringify, the schema check)
  if (tooDeep(args)) return toolError(`${tool.name}: the arguments nest deeper than ${MAX_DEPTH} levels`);
  const bytes = Buffer.byteLength(JSON.stringify(args), 'utf8');
  if (bytes > MAX_ARGUMENT_BYTES) return toolError(`${tool.name}: the arguments are ${(bytes / 1024 / 1024).toFixed(1)} MiB; the limit is ${MAX_ARGUMENT_BYTES / 1024 / 1024} MiB (policies are a few KB: is this the right input?)`);
  const binary = binaryArgument(args);
  if (binary !== undefined) return toolError(`${tool.name}: \`${binary}\` is binary data, not text`);
  if (!validate(args)) return toolError(`${tool.name}: ${schemaMessage(tool, validate.errors![0]!)}`);
  try {
    const outcome = await tool.run(args as Args, context);
    if (!outcome.ok) return toolError(`${tool.name}: ${outcome.message}`);
    return { content: [{ type: 'text', text: JSON.stringify(outcome.data) }], structuredContent: outcome.data };
  } catch (error) {
    // A bug, not bad input: one call fails, the server goes on.
    return toolError(`${tool.name}: internal error: ${(error as Error)?.message ?? String(error)}`);
  }
}

/** Serve until the client closes stdin. */
export async function serveMcp(options: McpOptions): Promise<void> {
  const [{ Server }, { StdioServerTransport }, { CallToolRequestSchema, ListToolsRequestSchema, McpError, ErrorCode }] = await Promise.all([
    import('@modelcontextprotocol/sdk/server/index.js'),
    import('@modelcontextprotocol/sdk/server/stdio.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]);
  const ajv = new Ajv({ allErrors: false, strict: false, verbose: true });
  const validators = new Map(TOOLS.map((t) => [t.name, ajv.compile(t.inputSchema)]));
  const live = options.context.live !== undefined;

  // The low-level Server: the tools' schemas are plain JSON Schema, published and enforced as written.
  const server = new Server({ name: 'whydenied', title: 'whydenied', version: options.version }, { capabilities: { tools: {} }, instructions: INSTRUCTIONS });
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: TOOLS.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: t.inputSchema as { type: 'object' },
      outputSchema: t.outputSchema as { type: 'object' },
      // Read-only always; only `explain` under --live reaches outside (the AWS account, read-only).
      annotations: { title: t.title, readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: live && t.name === 'explain' },
    })),
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request) => {
    const tool = TOOLS.find((t) => t.name === request.params.name);
    if (!tool) {
      const hint = didYouMean(request.params.name, TOOLS.map((t) => t.name));
      throw new McpError(ErrorCode.InvalidParams, `unknown tool \`${visible(request.params.name)}\`${hint ? ` (${hint})` : ''}; the tools are ${TOOLS.map((t) => t.name).join(', ')}`);
    }
    return callTool(tool, validators.get(tool.name)!, request.params.arguments, options.context);
  });

  const transport = new StdioServerTransport(options.stdin, protocolOut(options.stdout ?? process.stdout), { maxBufferSize: TRANSPORT_LIMIT });
  const closed = new Promise<void>((resolve) => {
    server.onclose = () => resolve();
  });
  // Unparseable lines are reported by the transport and skipped; the connection stays open.
  server.onerror = (error) => options.log(`whydenied mcp: ${error.message}`);
  await server.connect(transport);
  const stdin = options.stdin ?? process.stdin;
  stdin.once('end', () => void server.close());
  await closed;
}
