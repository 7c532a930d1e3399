/**
 * The MCP tools as data: each a name, a JSON Schema for its arguments (the one published in tools/list and
 * the one arguments are validated against), a JSON Schema for its result, and a run function whose result
 * is the same data the CLI prints with `--json`. Read-only: no tool writes anything anywhere, and only
 * `explain` with `live` (under `whydenied mcp --live`) calls AWS, with read-only calls.
 */
import type { PolicyType } from '../engine/types.js';
import { explain, type ExplainInput } from '../explain/explain.js';
import { POLICY_TYPE_ORDER } from '../engine/types.js';
import type { InputProblem } from '../input/input-problems.js';
import { denialFromJson, denialFromPaste } from '../input/pasted.js';
import { parseSdkError } from '../input/sdk-error.js';
import type { Denial } from '../input/denial.js';
import { lintPolicies } from '../lint/lint.js';
import { sourceFromText } from '../lint/source.js';
import { checkedActionName } from '../lint/action-check.js';
import type { LiveOptions, UnreadableEntry } from '../live/collect.js';
import { decodeDocument, parsePolicy } from '../policy/parse.js';
import { Problems, type Problem, type ProblemRef } from '../policy/problems.js';
import { diffPolicies, diffScenarios, type DiffScope } from '../proof/diff.js';
import type { ContextValue, Scenario } from '../scenario/types.js';
import { buildPolicy } from '../remedy/policy-builder.js';
import { explanationJson } from '../render/explanation.js';
import { renderProblem, simulationJson } from '../render/simulation.js';
import { inputProblemMessage } from '../render/input-problems.js';
import { notADenialMessage } from '../render/not-a-denial.js';
import { lintFindingJson } from '../render/lint-text.js';
import { problemHint, problemMessage } from '../render/problems.js';
import { diffJson, undecidedFields } from '../render/proof.js';
import { withGivenPolicies } from '../scenario/from-policies.js';
import { compileScenario } from '../scenario/compile.js';
import { evaluateScenario } from '../simulate.js';
import { own } from '../own.js';

export type JsonSchema = Readonly<Record<string, unknown>>;
export type Args = Readonly<Record<string, unknown>>;

/** A tool's answer: its data (the CLI's `--json`), or the message of a tool error. */
export type ToolOutcome = { readonly ok: true; readonly data: Record<string, unknown> } | { readonly ok: false; readonly message: string };

export interface ToolContext {
  /** Set by `whydenied mcp --live`: how `explain` reads policies from the account. Absent: no AWS calls. */
  readonly live?: LiveOptions;
}

export interface ToolDefinition {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: JsonSchema;
  readonly outputSchema: JsonSchema;
  run(args: Args, context: ToolContext): Promise<ToolOutcome>;
}

const ok = (data: object): ToolOutcome => ({ ok: true, data: data as Record<string, unknown> });
const fail = (message: string): ToolOutcome => ({ ok: false, message });

/** A bad argument: its problem in words, with its hint in parentheses. */
function failWith(prefix: string, p: ProblemRef): ToolOutcome {
  const hint = problemHint(p);
  return fail(`${prefix}${problemMessage(p)}${hint ? ` (${hint})` : ''}`);
}

/** An argument that cannot be read as a document: `document (line 3, column 5): is not valid JSON: ...`. */
function failInput(argument: string, p: InputProblem): ToolOutcome {
  return fail(`${argument}${p.line !== undefined ? ` (line ${p.line}, column ${p.column ?? 1})` : ''}: ${inputProblemMessage(p)}`);
}

/** Problems of a scenario, one line each, as the CLI prints them (without a file: the argument is named). */
function problemsMessage(what: string, problems: readonly Problem[], verb: string): string {
  const errors = problems.filter((p) => p.severity === 'error').length;
  return [`${what}: ${errors === 1 ? 'a problem' : `${errors} problems`}; nothing was ${verb}`, ...problems.map((p) => `  ${renderProblem(p, undefined)}`)].join('\n');
}

const POLICY_TYPES: readonly PolicyType[] = POLICY_TYPE_ORDER;

const documentSchema = { type: ['object', 'string'], description: 'A policy document: a JSON object, or its JSON text (also URL-encoded, as the IAM API returns it).' };

const scenarioSchema = {
  type: 'object',
  description:
    'A whydenied scenario (README, "Scenario format"): identityPolicies, permissionsBoundary, sessionPolicies, serviceControlPolicies, resourceControlPolicies, resourcePolicy, vpcEndpointPolicy, each policy { name, document }, and optionally request { principal, action, resource, context }.',
};

const explanationSchema = {
  type: 'object',
  required: ['request', 'source', 'decision', 'deniedBy', 'findings', 'fixes', 'statements', 'warnings', 'determined'],
  properties: {
    request: { type: ['object', 'null'], description: 'The request explained: principal, action, resource, context.' },
    source: { type: 'object', description: 'What the AccessDenied said: its kind, the policy type it named, explicit or implicit.' },
    decision: { enum: ['allow', 'implicit-deny', 'explicit-deny', 'unknown'] },
    deniedBy: { type: 'array', items: { enum: POLICY_TYPES } },
    findings: {
      type: 'array',
      description: 'The causes, most decisive first; `check` names a page under docs/checks/.',
      items: { type: 'object', required: ['check', 'severity', 'message'], properties: { check: { type: 'string' }, severity: { enum: ['error', 'warning', 'info'] }, message: { type: 'string' } } },
    },
    fixes: {
      type: 'array',
      description:
        'Least-privilege fixes, never applied: `kind` fix (whydenied can prove it) or suggestion (for a policy someone else owns); `verified` true only when re-evaluation allows the request and nothing nearby changed (`verification` holds the proof).',
      items: {
        type: 'object',
        required: ['kind', 'policyType', 'target', 'change', 'document', 'verified'],
        properties: {
          kind: { enum: ['fix', 'suggestion'] },
          policyType: { enum: POLICY_TYPES },
          target: { type: 'string' },
          change: { enum: ['replace', 'attach'] },
          reason: { type: 'string' },
          document: { type: 'object' },
          before: { type: 'object' },
          verified: { type: 'boolean' },
          verification: { type: 'object' },
        },
      },
    },
    statements: { type: 'array', description: 'The evaluation trace: every statement considered and why it applied or not.' },
    messageOnly: { type: 'object', description: 'With only a message: what it proves, what it cannot, and the read-only AWS CLI commands that fetch the missing policies.' },
    warnings: { type: 'array' },
    determined: { type: 'boolean', description: 'Whether a cause was found (the CLI exits 0) or not (3).' },
    unreadable: { type: 'array', description: 'With `live`: what could not be read from the account, and whether it could change the decision.' },
  },
};

const EXPLAIN: ToolDefinition = {
  name: 'explain',
  title: 'Explain an AWS AccessDenied',
  description:
    'Why did AWS deny this request, and what is the least-privilege fix? Give the AccessDenied as you have it (`message`: the error text, AWS CLI output, or JSON of an SDK error or CloudTrail event; or `sdkError` / `event` as objects) and, when you have them, the policies (`policies` or a `scenario`). With policies, the request is evaluated exactly as AWS does (SCPs, RCPs, resource policies, identity policies, boundaries, session and VPC endpoint policies, conditions) and the deciding statement is named; the fix is re-evaluated and marked verified only when proven. Without policies, it says what the message proves and which read-only commands fetch the rest. Never changes anything.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    properties: {
      message: { type: 'string', description: 'The AccessDenied: the error message, AWS CLI output ("An error occurred (AccessDeniedException) when calling ..."), or JSON text of an SDK v3 error or CloudTrail event(s).' },
      sdkError: { type: 'object', description: 'A serialized AWS SDK v3 error (name, message, $metadata...).' },
      event: { type: ['object', 'array'], description: 'CloudTrail: one record, { "Records": [...] }, an array of records, or `aws cloudtrail lookup-events` output. The first AccessDenied among them is explained.' },
      policies: {
        type: 'array',
        description: 'Policies that decide the request, each with its type. SCPs and RCPs: one organization level each, root first.',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['type', 'document'],
          properties: { type: { enum: POLICY_TYPES }, name: { type: 'string' }, document: documentSchema },
        },
      },
      scenario: scenarioSchema,
      resource: { type: 'string', description: 'The resource ARN, when the AccessDenied does not show it (CloudTrail rarely does).' },
      context: { type: 'object', additionalProperties: { type: 'string' }, description: 'Extra request context keys, e.g. { "aws:SourceVpce": "vpce-0a1b2c3d" }.' },
      live: { type: 'boolean', description: 'Read the deciding policies from the AWS account with read-only calls. Only when the server runs as `whydenied mcp --live`.' },
    },
  },
  outputSchema: explanationSchema,
  async run(args, context) {
    const given = (['message', 'sdkError', 'event'] as const).filter((k) => args[k] !== undefined);
    if (given.length > 1) return fail(`give one AccessDenied: \`message\`, \`sdkError\` or \`event\`, not ${given.map((k) => `\`${k}\``).join(' and ')}`);
    let denial: Denial | undefined;
    if (typeof args['message'] === 'string') {
      const pasted = await denialFromPaste(args['message']);
      if (!pasted.ok) return 'problem' in pasted ? failInput('message', pasted.problem) : fail(`message: ${notADenialMessage(pasted.reason)}`);
      denial = pasted.denial;
    } else if (args['sdkError'] !== undefined) {
      const parsed = parseSdkError(args['sdkError']);
      if (!parsed.ok) return fail(`sdkError: ${notADenialMessage(parsed.reason)}`);
      denial = parsed.denial;
    } else if (args['event'] !== undefined) {
      const parsed = denialFromJson(args['event']);
      if (!parsed.ok) return fail(`event: ${notADenialMessage(parsed.reason)}`);
      denial = parsed.denial;
    }
    const policies = (args['policies'] as readonly { type: PolicyType; name?: string; document: unknown }[] | undefined) ?? [];
    const own = args['scenario'] as Record<string, unknown> | undefined;
    let scenario = policies.length > 0 ? withGivenPolicies(own, policies.map((p, i) => ({ type: p.type, name: p.name ?? `${p.type}-${i + 1}`, document: p.document }))) : own;
    if (!denial && !scenario) return fail('explain needs an AccessDenied (`message`, `sdkError` or `event`) or a `scenario` with a request');
    const input: ExplainInput = {
      ...(denial && { denial }),
      ...(scenario && { scenario }),
      ...(typeof args['resource'] === 'string' && { resource: args['resource'] }),
      ...(args['context'] !== undefined && { context: args['context'] as Record<string, string> }),
    };
    let unreadable: readonly UnreadableEntry[] | undefined;
    if (args['live'] === true) {
      if (!context.live) return fail('`live` reads policies from AWS, and this server was started without it: restart it as `whydenied mcp --live` (credentials the standard AWS SDK way), or give the policies');
      const [{ liveScenario }, { liveScenarioFailureMessage }] = await Promise.all([import('../explain/live.js'), import('../render/collected.js')]);
      const live = await liveScenario(input, context.live);
      if (!live.ok) return fail(liveScenarioFailureMessage(live));
      scenario = live.scenario;
      unreadable = live.unreadable;
    }
    const result = explain({ ...input, ...(scenario && { scenario }) });
    if (!result.ok) return fail(problemsMessage(scenario ? 'the scenario' : 'the input', result.problems, 'explained'));
    return ok({ ...explanationJson(result.explanation), ...(unreadable && { unreadable }) });
  },
};

const SIMULATE: ToolDefinition = {
  name: 'simulate',
  title: 'Evaluate a request against its policies',
  description:
    'Decide a scenario (one request and every policy that decides it) exactly as AWS does: allow, implicit-deny or explicit-deny, which policy types denied, and the trace of every statement considered and why. Never changes anything.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['scenario'],
    properties: {
      scenario: { ...scenarioSchema, description: `${scenarioSchema.description} The request is required here.` },
      trace: { type: 'boolean', description: 'Include the statement trace (default true).' },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['decision', 'deniedBy', 'statements', 'warnings'],
    properties: { decision: { enum: ['allow', 'implicit-deny', 'explicit-deny'] }, deniedBy: { type: 'array', items: { enum: POLICY_TYPES } }, statements: { type: 'array' }, warnings: { type: 'array' } },
  },
  async run(args) {
    const compiled = compileScenario(args['scenario']);
    if (!compiled.ok) return fail(problemsMessage('scenario', compiled.problems, 'evaluated'));
    return ok(simulationJson(evaluateScenario(compiled.value, { trace: args['trace'] !== false })));
  },
};

const POLICY: ToolDefinition = {
  name: 'policy',
  title: 'Write a least-privilege policy',
  description:
    'The least-privilege identity policy for actions (or recipes such as `chat-backend`), each on the resource types the Service Authorization Reference says it is authorized on, filled from the resource ARNs and IDs you know and narrowed to the smallest wildcard where you do not. Self-checked with the engine: the intended calls are allowed, nearby ones denied. Returns the document; never attaches it.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['actions'],
    properties: {
      actions: { type: 'array', minItems: 1, items: { type: 'string' }, description: 'Actions (`connect:StartChatContact`) or recipe names (`chat-backend`).' },
      resources: { type: 'array', items: { type: 'string' }, description: 'ARNs you know (an Amazon Connect instance, a flow, a bucket): their IDs, Region and account fill the policy.' },
      ids: { type: 'object', additionalProperties: { type: 'string' }, description: 'Placeholder values by name, e.g. { "ContactFlowId": "..." } or { "BucketName": "reports" }.' },
      with: { type: 'array', items: { type: 'string' }, description: 'Extra parts of a recipe, e.g. ["describe-instance", "stop-contact"].' },
      partition: { type: 'string' },
      region: { type: 'string' },
      account: { type: 'string', description: 'A 12-digit account ID.' },
      sourceVpce: { type: 'string', description: 'Only through this VPC endpoint (aws:SourceVpce).' },
      sourceVpc: { type: 'string', description: 'Only through endpoints in this VPC (aws:SourceVpc).' },
      sourceIp: { type: 'string', description: 'Only from these addresses (aws:SourceIp).' },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['document', 'checks', 'proof', 'notes'],
    properties: {
      document: { type: 'object' },
      checks: { type: 'array', description: 'The self-check: each request, the decision expected and the one the engine gave.' },
      proof: { type: 'object', required: ['proof', 'intended', 'grants', 'undecided'], description: 'The symbolic proof that the policy allows nothing beyond each action on its resources: proven, or undecided with the reason.' },
      notes: { type: 'array', description: 'Why each choice was made.' },
    },
  },
  async run(args) {
    const str = (k: string) => {
    const v = own(args, k);
    return typeof v === 'string' ? v : undefined;
  };
    const result = buildPolicy({
      targets: args['actions'] as string[],
      ...(args['resources'] !== undefined && { resources: args['resources'] as string[] }),
      ...(args['ids'] !== undefined && { ids: args['ids'] as Record<string, string> }),
      ...(args['with'] !== undefined && { with: args['with'] as string[] }),
      ...(str('partition') !== undefined && { partition: str('partition')! }),
      ...(str('region') !== undefined && { region: str('region')! }),
      ...(str('account') !== undefined && { account: str('account')! }),
      ...(str('sourceVpce') !== undefined && { sourceVpce: str('sourceVpce')! }),
      ...(str('sourceVpc') !== undefined && { sourceVpc: str('sourceVpc')! }),
      ...(str('sourceIp') !== undefined && { sourceIp: str('sourceIp')! }),
    });
    if (!result.ok) return failWith('', result.problem);
    if (result.checks.some((c) => !c.ok) || result.proof.proof === 'refuted') return fail('internal error: the generated policy failed its own self-check, so it is not returned');
    return ok({ document: result.document, checks: result.checks, proof: { ...result.proof, ...undecidedFields(result.proof.undecided) }, notes: result.notes });
  },
};

const LINT: ToolDefinition = {
  name: 'lint',
  title: 'Lint an IAM policy before deployment',
  description:
    'Check a policy document (or a scenario, a CloudFormation template, a Terraform plan) with the engine\'s grammar and the Service Authorization Reference: unknown actions, the wrong resource type, malformed ARNs, placeholders left in, bad condition values, wildcards, Denies that make an Allow useless. With `action`, also whether each identity policy allows that action. Findings carry a rule id (docs/lint/), a message id and its data, the place, and where safe a fix.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['document'],
    properties: {
      document: { type: ['object', 'string'], description: 'A policy document, scenario, CloudFormation template or Terraform plan: a JSON object, or JSON / YAML text (lines and columns then refer to it).' },
      policyType: { enum: POLICY_TYPES, description: 'The type of a policy document (default identity); scenarios and templates say it themselves.' },
      name: { type: 'string', description: 'The policy name shown in findings (default `document`).' },
      action: { type: 'string', description: 'Also check whether each identity policy allows this action, e.g. connect:StartChatContact.' },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['files', 'findings', 'problems', 'skipped', 'summary'],
    properties: {
      files: { type: 'array' },
      findings: { type: 'array', items: { type: 'object', required: ['rule', 'severity', 'message', 'messageId', 'data', 'location'] } },
      problems: { type: 'array' },
      skipped: { type: 'array' },
      actionChecks: { type: 'array' },
      summary: { type: 'object', required: ['errors', 'warnings', 'files'], properties: { errors: { type: 'integer' }, warnings: { type: 'integer' }, files: { type: 'integer' } } },
    },
  },
  async run(args) {
    const name = typeof args['name'] === 'string' ? args['name'] : 'document';
    const document = args['document'];
    const text = typeof document === 'string' ? document : JSON.stringify(document, null, 2);
    let action: string | undefined;
    if (typeof args['action'] === 'string') {
      const checked = checkedActionName(args['action']);
      if (!checked.ok) return failWith('action: ', checked.problem);
      action = checked.action;
    }
    const loaded = await sourceFromText(name, text, true);
    if (loaded.ok === 'skip') return fail('document: holds no policy');
    if (!loaded.ok) return failInput('document', loaded.problem);
    const source = loaded.source;
    const type = args['policyType'] as PolicyType | undefined;
    if (type !== undefined && source.format !== 'policy') return fail(`policyType: a ${source.format} says the type of each policy itself; give policyType only with a policy document`);
    const policies = type === undefined ? source.policies : source.policies.map((p) => ({ ...p, type, name }));
    const result = lintPolicies(source.file, policies, action === undefined ? {} : { action }, (p) => source.locate(p));
    const errors = result.findings.filter((f) => f.severity === 'error').length;
    return ok({
      files: [{ file: source.file, format: source.format, policies: policies.length }],
      findings: result.findings.map(lintFindingJson),
      problems: [],
      skipped: [],
      ...(action !== undefined && { actionChecks: result.actionChecks }),
      summary: { errors, warnings: result.findings.length - errors, files: 1 },
    });
  },
};

const DIFF: ToolDefinition = {
  name: 'diff',
  title: 'Prove whether a policy change grants more',
  description:
    'Compare two policy documents of one type (or two scenarios for one principal) and answer exactly: does NEW allow any request that OLD does not? Decided symbolically over every action, resource and condition value (not by sampling): each newly allowed request is a concrete one the engine confirms, grouped by the statement responsible; `undecided` says where the answer is not exact. Returns what `whydenied diff --json` prints.',
  inputSchema: {
    type: 'object',
    additionalProperties: false,
    required: ['old', 'new'],
    properties: {
      old: { type: ['object', 'string'], description: 'OLD: a policy document (a JSON object or its JSON text, also URL-encoded) or a scenario (with `request`).' },
      new: { type: ['object', 'string'], description: 'NEW, of the same kind as OLD.' },
      policyType: { enum: POLICY_TYPES, description: 'The type of both policy documents (default identity).' },
      actions: { type: 'array', items: { type: 'string' }, description: 'Only these actions (wildcards allowed), e.g. ["connect:*"].' },
      resource: { type: 'string', description: 'Only resources matching this pattern.' },
      context: { type: 'object', additionalProperties: { type: ['string', 'array'], items: { type: 'string' } }, description: 'Condition keys fixed to these values, e.g. { "aws:SourceIp": "198.51.100.7" }.' },
    },
  },
  outputSchema: {
    type: 'object',
    required: ['policyType', 'broader', 'narrower', 'newlyAllowed', 'newlyDenied', 'futureActions', 'undecided', 'classes'],
    properties: {
      policyType: { type: 'string' },
      broader: { type: 'boolean', description: 'NEW allows some request OLD does not.' },
      narrower: { type: 'boolean', description: 'OLD allows some request NEW does not.' },
      newlyAllowed: { type: 'array', description: 'Concrete requests NEW allows and OLD does not, one per statement and reason, with `similar` counting the others.' },
      newlyDenied: { type: 'array' },
      futureActions: { type: 'array', description: 'Actions AWS may add later that a NEW wildcard newly allows.' },
      undecided: { type: 'array', description: 'What could not be decided exactly, with the reason: the answer is then not a proof.' },
      classes: { type: 'integer' },
    },
  },
  async run(args) {
    const sides: { kind: 'policy' | 'scenario'; value: unknown }[] = [];
    for (const side of ['old', 'new'] as const) {
      const problems = new Problems();
      const value = decodeDocument(own(args, side), `/${side}`, problems);
      if (problems.hasErrors || typeof value !== 'object' || value === null || Array.isArray(value)) return fail(`${side}: is neither a policy document (with \`Statement\`) nor a scenario (with \`request\`)`);
      const kind = Object.hasOwn(value, 'request') ? 'scenario' : Object.hasOwn(value, 'Statement') ? 'policy' : undefined;
      if (!kind) return fail(`${side}: is neither a policy document (with \`Statement\`) nor a scenario (with \`request\`)`);
      sides.push({ kind, value });
    }
    const [old, next] = sides as [(typeof sides)[number], (typeof sides)[number]];
    if (old.kind !== next.kind) return fail(`old is a ${old.kind} and new a ${next.kind}: compare two policy documents or two scenarios`);
    const scope: DiffScope = {
      ...(Array.isArray(args['actions']) && args['actions'].length > 0 && { actions: args['actions'] as string[] }),
      ...(typeof args['resource'] === 'string' && { resource: args['resource'] }),
      ...(args['context'] !== undefined && { context: args['context'] as Record<string, ContextValue> }),
    };
    if (old.kind === 'policy') {
      const type = (args['policyType'] as PolicyType | undefined) ?? 'identity';
      for (const [name, side] of [['old', old], ['new', next]] as const) {
        const problems = new Problems();
        if (!parsePolicy(side.value, type, 'policy', '', problems)) return fail(problemsMessage(`${name}`, problems.list, 'compared'));
      }
      return ok(diffJson(diffPolicies(old.value, next.value, type, scope)));
    }
    if (args['policyType'] !== undefined) return fail('policyType: scenarios say the type of each policy themselves; give policyType only with policy documents');
    for (const [name, side] of [['old', old], ['new', next]] as const) {
      const compiled = compileScenario(side.value);
      if (!compiled.ok) return fail(problemsMessage(`${name}`, compiled.problems, 'compared'));
    }
    const [o, n] = [old.value as Scenario, next.value as Scenario];
    if (o.request.principal !== n.request.principal) return fail(`the scenarios are for different principals (\`${o.request.principal}\` and \`${n.request.principal}\`): diff compares the decision for one principal`);
    return ok(diffJson(diffScenarios(o, n, scope)));
  },
};

/** Every tool, in the order tools/list shows them. */
export const TOOLS: readonly ToolDefinition[] = [EXPLAIN, SIMULATE, POLICY, LINT, DIFF];
