import { awsOptions, timeoutOption } from '../aws.js';
import { defineCommand } from '../command.js';
import { EXIT } from '../io.js';

export const collect = defineCommand({
  name: 'collect',
  synopsis: '--principal ARN --action A --resource ARN [--profile P] [--region R]',
  summary: 'read the deciding policies from the account (read-only) as a scenario',
  usage: [['--principal ARN --action SERVICE:Action --resource ARN [--profile NAME] [--region REGION] [--timeout SECONDS] [--json] > scenario.json', 'then: whydenied simulate scenario.json (offline, shareable)']],
  description: `Reads, with read-only calls only (Get, List, Describe and sts:GetCallerIdentity), what decides the request:
the principal's identity policies (attached at their default version, inline, its groups'), its permissions
boundary and tags, the SCPs and RCPs of every organization level, and for Amazon Connect the instance, the
flow and whether flow logs are on; for a KMS key its key policy and grants (kms:GetKeyPolicy, kms:ListGrants), for
sts:AssumeRole* on a role its trust policy (iam:GetRole), which must allow explicitly; the management account
(SCPs and RCPs do not apply there). The scenario goes to stdout; what could not be read (and whether it
matters) to stderr, and into the scenario's "collected" section.

Credentials and Region the standard AWS way: environment, ~/.aws/config and credentials, --profile, SSO,
container and instance roles. Region: --region, else the resource ARN's, else the profile's. Endpoints:
--endpoint-url, else AWS_ENDPOINT_URL and AWS_ENDPOINT_URL_<SERVICE>. The permissions it needs: whydenied policy --self.`,
  options: {
    principal: { type: 'string', value: 'ARN', description: 'the role, user or session that made the request' },
    action: { type: 'string', value: 'SERVICE:Action', description: 'the action it called' },
    resource: { type: 'string', value: 'ARN', description: 'the resource it called the action on' },
    ...awsOptions('Options'),
    ...timeoutOption('Options'),
    json: { type: 'boolean', description: 'no summary on stderr (the scenario on stdout is JSON either way; what could not be read is in its "collected" section)' },
  },
  exits: [
    { code: EXIT.ok, meaning: 'collected; everything that decides the request was read (or what was not does not change the decision)' },
    { code: EXIT.badInput, meaning: 'bad input, or the credentials are missing, invalid or expired' },
    { code: EXIT.undetermined, meaning: 'something that could change the decision could not be read' },
  ],
});
