import { defineCommand } from '../command.js';
import { EXIT } from '../io.js';

export const lint = defineCommand({
  name: 'lint',
  synopsis: 'FILE|DIR ... [--json | --sarif] [--action ACTION [--context K=V]...] [--config FILE] [--baseline FILE] [--max-warnings N]',
  summary: 'find broken and risky statements before deployment',
  usage: [
    'FILE|DIR ... [--json | --sarif] [--action SERVICE:ACTION [--context K=V]...]',
    ['endpoint-policy.json --action s3:GetObject --context aws:SourceVpce=vpce-0a1b2c3d', 'allowed when the request comes through that endpoint'],
    ['infra/ --sarif --max-warnings 0 > lint.sarif', 'the CI gate: fail on any error or warning, SARIF for code scanning'],
    ['infra/ --write-baseline .whydenied-baseline.json', 'accept the findings an old repository already has'],
    ['infra/ --baseline .whydenied-baseline.json', 'then fail only on new ones'],
  ],
  description: `Checks IAM policies before they are deployed. Reads policy documents (also \`aws iam get-policy-version\`
and \`get-role-policy\` output; --policy-type, else a Principal makes a resource policy), scenario files,
CloudFormation templates (JSON, or YAML with !Sub, !Ref, !GetAtt, !Join...: AWS::IAM::Policy, ManagedPolicy,
RolePolicy, the Policies and trust policy of Role, User, Group, and bucket, queue, topic, key policies and
Lambda permissions), Terraform configuration (.tf: jsonencode and heredoc policies) and Terraform plans
(\`terraform show -json\`). Folders are walked for .json, .yaml, .yml, .template and .tf
files; files there that hold no policy are skipped. FILE - reads standard input.

Configuration: \`whydenied.config.json\` (or the \`whydenied\` key of package.json), the nearest from the
working folder upward, or --config FILE: \`rules\` (off, warning or error per rule), \`ignore\` (globs),
\`accounts\` (\`own\` account IDs; \`examples\`: the severity of the AWS documentation's example accounts)
and \`suppress\` (rule, files, statement, reason). In YAML, \`# whydenied-disable RULE -- REASON\` above a
statement or value suppresses it; in CloudFormation, a resource's \`Metadata: { whydenied: { suppress:
[{ rule, reason }] } }\`. A suppression without a reason is a finding. See docs/lint/configuration.md.`,
  args: { name: 'FILE|DIR', noun: 'file or folder', many: true },
  options: {
    json: { type: 'boolean', description: 'print { files, findings, problems, skipped, actionChecks } as JSON' },
    sarif: { type: 'boolean', description: 'print SARIF 2.1.0, for code scanning tools' },
    action: { type: 'string', value: 'ACTION', description: 'also check whether each identity policy allows ACTION on the resources it names (the engine decides; e.g. --action connect:StartChatContact)' },
    context: { type: 'string', value: 'K=V', multiple: true, description: 'with --action: the request carries context key K with value V (repeat for more keys, or for several values of one), so an Allow whose conditions hold counts as allowed' },
    'policy-type': {
      type: 'string',
      choices: ['identity', 'resource', 'trust', 'scp', 'rcp', 'boundary', 'session', 'vpc-endpoint', 'key'],
      description: 'the type of the policy documents given (default: a resource policy when statements name a Principal, a trust policy when they allow sts:AssumeRole... and name no Resource, else identity); templates and plans say their own types',
    },
    config: { type: 'string', value: 'FILE', description: 'the configuration file (default: whydenied.config.json or the `whydenied` key of package.json, from the working folder upward)' },
    baseline: { type: 'string', value: 'FILE', description: 'accept the findings recorded in FILE (written by --write-baseline); only new ones count' },
    'write-baseline': { type: 'string', value: 'FILE', description: 'record every finding in FILE as accepted, and exit 0 unless a file could not be read' },
    'max-warnings': { type: 'integer', value: 'N', min: 0, what: 'a number of warnings (0 or more)', description: 'exit 4 when there are more than N warnings' },
    'list-rules': { type: 'boolean', description: 'the rules, their severity and docs' },
  },
  exits: [
    { code: EXIT.ok, meaning: 'no findings of severity error (warnings may remain)' },
    { code: EXIT.badInput, meaning: 'bad input or usage: a file is missing, unreadable, binary, malformed, or holds no policy' },
    { code: EXIT.errors, meaning: 'findings of severity error, or more warnings than --max-warnings (with --action: also when no identity policy of a file allows the action)' },
  ],
});
