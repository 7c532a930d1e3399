import { defineCommand } from '../command.js';
import { EXIT } from '../io.js';

const CONDITIONS = 'Conditions (one of)';
const OUTPUT = 'Output';

export const policy = defineCommand({
  name: 'policy',
  synopsis: 'ACTION|RECIPE ...',
  summary: 'write a least-privilege policy (self-checked; --format json|cloudformation|terraform|cdk)',
  usage: [
    'connect:StartChatContact --instance ARN --flow FLOW_ID',
    "connect:StartChatContact --region us-east-1 --account 111122223333 --instance-id ID --flow '*'",
    'chat-backend --instance ARN --flow ID [--with describe-instance,contact-attributes,stop-contact,describe-flow]',
    ['ACTION ... [--id Placeholder=VALUE ...]', "IDs of other services' ARN templates (e.g. --id BucketName=reports)"],
    ['--self', 'the read-only policy whydenied itself needs for --live, collect and doctor'],
  ],
  args: { name: 'ACTION|RECIPE', noun: 'action or recipe', many: true },
  options: {
    instance: { type: 'string', value: 'ARN', description: 'the Amazon Connect instance ARN (gives the Region and account too)' },
    'instance-id': { type: 'string', value: 'ID', description: 'the instance ID (with --region and --account)' },
    flow: { type: 'string', value: 'FLOW_ID', description: "the contact flow's ID, or '*'" },
    region: { type: 'string', value: 'REGION', description: "the Region of the resources' ARNs" },
    account: { type: 'string', value: 'ACCOUNT', description: "the account of the resources' ARNs" },
    partition: { type: 'string', value: 'PARTITION', description: 'aws (default), aws-cn or aws-us-gov' },
    id: { type: 'pairs', value: 'Placeholder=VALUE', example: 'BucketName=reports', description: "a value for a placeholder of an ARN template (repeat for each)" },
    with: { type: 'string', value: 'EXTRA,...', description: "a recipe's optional parts, comma-separated" },
    self: { type: 'boolean', description: 'the read-only policy whydenied itself needs for --live, collect and doctor' },
    'source-vpce': { type: 'string', value: 'vpce-0a1b2c3d', description: 'only through this VPC endpoint (aws:SourceVpce)', section: CONDITIONS },
    'source-vpc': { type: 'string', value: 'vpc-0a1b', description: 'only through endpoints in this VPC (aws:SourceVpc)', section: CONDITIONS },
    'source-ip': { type: 'string', value: '203.0.113.0/24', description: 'only from these addresses (aws:SourceIp; absent on VPC endpoint traffic)', section: CONDITIONS },
    format: {
      type: 'string',
      choices: ['json', 'cloudformation', 'terraform', 'cdk'],
      default: 'json',
      section: OUTPUT,
      description: 'json pipes into aws iam put-role-policy --policy-document file:///dev/stdin',
    },
    name: { type: 'string', value: 'NAME', description: "the policy's name in CloudFormation, Terraform and CDK", section: OUTPUT },
    parameterize: { type: 'boolean', description: "CloudFormation/Terraform/CDK refer to the stack's Region and account instead of literals", section: OUTPUT },
    json: { type: 'boolean', description: 'print { document, checks, proof, notes } instead', section: OUTPUT },
  },
  footer: 'stdout holds only the policy; the reasons for each choice, the self-check and the proof that it allows nothing beyond each action on its resources go to stderr.',
  exits: [
    { code: EXIT.ok, meaning: 'written' },
    { code: EXIT.badInput, meaning: 'bad input or usage (or a failed self-check or proof, which prints no policy)' },
  ],
});
