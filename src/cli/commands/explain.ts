import { defineCommand } from '../command.js';
import { awsOptions, timeoutOption } from '../aws.js';
import { EXIT } from '../io.js';

const POLICIES = 'Policies (instead of, or added to, --scenario)';

export const explain = defineCommand({
  name: 'explain',
  synopsis: 'MESSAGE | - | --event FILE | --sdk-error FILE | --decoded FILE | --example',
  summary: 'why was this request denied, and the verified least-privilege fix',
  usage: [
    '"User: ARN is not authorized to perform: ACTION on resource: ARN ..."',
    ['-', 'read the message (or CLI output, SDK error, CloudTrail JSON) from stdin'],
    ['--event FILE', 'a CloudTrail record, {"Records": [...]}, .json.gz, or lookup-events output'],
    ['--sdk-error FILE', 'an SDK error object, a raw {"__type", "Message"} body, Lambda {errorType, errorMessage} or Step Functions {error, cause}'],
    ['[MESSAGE] --decoded FILE', 'the output of aws sts decode-authorization-message (exact: matched statements, request context)'],
    ['[MESSAGE] --scenario FILE', "with the policies (the scenario's request wins)"],
    ['MESSAGE --policy FILE [--boundary FILE] [--scp FILE ... | --scp-level FILE,FILE ...] [--context KEY=VALUE ...]', 'with these policies'],
    ['MESSAGE --live [--profile NAME] [--region REGION] [--timeout SECONDS]', 'read the policies from the account (read-only calls only)'],
    ['--example', 'the built-in Amazon Connect chat example'],
    ['--list-checks', 'the causes whydenied diagnoses'],
  ],
  args: { name: 'MESSAGE', noun: 'message', hint: 'quote the message: whydenied explain "User: ... is not authorized ..."' },
  options: {
    event: { type: 'string', value: 'FILE', description: 'the AccessDenied as a CloudTrail file or record', section: 'Input' },
    'sdk-error': { type: 'string', value: 'FILE', description: 'the AccessDenied as an SDK error object, or a Lambda or Step Functions error payload', section: 'Input' },
    decoded: { type: 'string', value: 'FILE', description: 'the output of aws sts decode-authorization-message (alone, or completing the message)', section: 'Input' },
    example: { type: 'boolean', description: 'the built-in Amazon Connect chat example', section: 'Input' },
    'list-checks': { type: 'boolean', description: 'list the causes whydenied diagnoses, with their docs', section: 'Input' },
    scenario: { type: 'string', value: 'FILE', description: 'a scenario: the policies (and optionally the request)', section: POLICIES },
    policy: { type: 'string', value: 'FILE', multiple: true, description: 'an identity policy (repeat for each)', section: POLICIES },
    boundary: { type: 'string', value: 'FILE', description: 'the permissions boundary', section: POLICIES },
    'session-policy': { type: 'string', value: 'FILE', multiple: true, description: 'a session policy (repeat for each)', section: POLICIES },
    scp: { type: 'string', value: 'FILE', multiple: true, description: 'one SCP per level, root first (repeat for each level)', section: POLICIES },
    'scp-level': { type: 'string', value: 'FILE,FILE...', multiple: true, example: 'FullAWSAccess.json,guardrail.json', description: 'the SCPs attached at one level, root first (repeat for each level; instead of --scp)', section: POLICIES },
    rcp: { type: 'string', value: 'FILE', multiple: true, description: 'one RCP per level, root first (repeat for each level)', section: POLICIES },
    'rcp-level': { type: 'string', value: 'FILE,FILE...', multiple: true, description: 'the RCPs attached at one level, root first (repeat for each level; instead of --rcp)', section: POLICIES },
    'resource-policy': { type: 'string', value: 'FILE', description: "the resource's policy", section: POLICIES },
    'vpce-policy': { type: 'string', value: 'FILE', description: 'the VPC endpoint policy', section: POLICIES },
    context: { type: 'pairs', value: 'KEY=VALUE', example: 'aws:SourceVpce=vpce-0a1b2c3d', description: 'a request context key (repeat for each)', section: POLICIES },
    resource: { type: 'string', value: 'ARN', description: 'the resource, when the input does not show it (CloudTrail)', section: POLICIES },
    live: { type: 'boolean', description: 'read the deciding policies from the account (read-only calls only)', section: 'Live' },
    ...awsOptions('Live'),
    ...timeoutOption('Live'),
    json: { type: 'boolean', description: 'print the explanation as JSON' },
    format: { type: 'string', choices: ['json', 'cloudformation', 'terraform', 'cdk'], default: 'json', description: 'the fix as a policy document or infrastructure code (with --json: in each fix\'s `rendered`)' },
    out: { type: 'string', value: 'FILE', description: 'write the first fix, whole, in --format to FILE (atomically, mode 0600 when new; never through a symlink)' },
  },
  exits: [
    { code: EXIT.ok, meaning: 'a cause was found' },
    { code: EXIT.badInput, meaning: 'bad input or usage' },
    { code: EXIT.undetermined, meaning: 'the cause could not be determined from what was given' },
  ],
});
