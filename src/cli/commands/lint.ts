import { defineCommand } from '../command.js';
import { EXIT } from '../io.js';

export const lint = defineCommand({
  name: 'lint',
  synopsis: 'FILE|DIR ... [--json | --sarif] [--action ACTION]',
  summary: 'find broken and risky statements before deployment',
  usage: ['FILE|DIR ... [--json | --sarif] [--action SERVICE:ACTION]'],
  description: `Checks IAM policies before they are deployed. Reads policy documents (also \`aws iam get-policy-version\`
and \`get-role-policy\` output), scenario files, CloudFormation templates (JSON, or YAML with !Sub, !Ref,
!GetAtt, !Join...: AWS::IAM::Policy, ManagedPolicy, RolePolicy, and the Policies of Role, User, Group),
and Terraform plans (\`terraform show -json\`). Folders are walked for .json, .yaml, .yml and .template
files; files there that hold no policy are skipped. FILE - reads standard input.`,
  args: { name: 'FILE|DIR', noun: 'file or folder', many: true },
  options: {
    json: { type: 'boolean', description: 'print { files, findings, problems, skipped, actionChecks } as JSON' },
    sarif: { type: 'boolean', description: 'print SARIF 2.1.0, for code scanning tools' },
    action: { type: 'string', value: 'ACTION', description: 'also check whether each identity policy allows ACTION on the resources it names (the engine decides; e.g. --action connect:StartChatContact)' },
    'list-rules': { type: 'boolean', description: 'the rules, their severity and docs' },
  },
  exits: [
    { code: EXIT.ok, meaning: 'no findings of severity error (warnings may remain)' },
    { code: EXIT.badInput, meaning: 'bad input or usage: a file is missing, unreadable, binary, malformed, or holds no policy' },
    { code: EXIT.errors, meaning: 'findings of severity error (with --action: also when no identity policy of a file allows the action)' },
  ],
});
