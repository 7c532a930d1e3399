import { awsOptions, timeoutOption } from '../aws.js';
import { defineCommand } from '../command.js';
import { DOCTOR_CHECKS } from '../../doctor/checks/index.js';
import { EXIT } from '../io.js';

export const doctor = defineCommand({
  name: 'doctor',
  synopsis: 'connect --instance ARN-or-ID [--flow ID] [--principal ARN] [--context K=V]',
  summary: 'check an Amazon Connect chat setup against the account',
  usage: ['connect --instance ARN-or-ID [--flow ID] [--principal ARN] [--context KEY=VALUE ...] [--profile NAME] [--region REGION] [--timeout SECONDS] [--json]'],
  // Each check says what it checks (its meta's summary): a new check is listed here without a word changed.
  description: `For the instance (and flow) and the principal that calls StartChatContact (default: the caller), reads
the account with read-only calls, evaluates StartChatContact, and checks: ${DOCTOR_CHECKS.map((c) => c.meta.summary).join('; ')}. Each check passes, warns or fails, with the fix.`,
  args: { name: 'TOPIC', noun: 'doctor topic', choices: ['connect'] },
  options: {
    instance: { type: 'string', value: 'ARN-or-ID', description: 'the instance ARN, or its ID (then the Region comes from --region or the profile)' },
    flow: { type: 'string', value: 'ID', description: 'the contact-flow ID the backend passes (or the flow ARN)' },
    principal: { type: 'string', value: 'ARN', description: "the backend's role or user ARN (an assumed-role session ARN works too)" },
    context: { type: 'pairs', value: 'KEY=VALUE', example: 'aws:SourceVpce=vpce-0a1b2c3d', description: "request context the backend's calls carry, e.g. aws:SourceVpce=vpce-0a1b2c3d" },
    ...awsOptions('Options'),
    ...timeoutOption('Options'),
    json: { type: 'boolean', description: 'the report as JSON: { checks, explanation, unreadable, collected, ... }' },
    live: { type: 'boolean', description: 'accepted for symmetry with explain: doctor always reads the account (read-only)' },
  },
  exits: [
    { code: EXIT.ok, meaning: 'every check passed (warnings allowed)' },
    { code: EXIT.badInput, meaning: 'bad input, or the credentials are missing, invalid or expired' },
    { code: EXIT.denied, meaning: 'a check failed' },
    { code: EXIT.undetermined, meaning: 'StartChatContact could not be decided: something that matters could not be read' },
  ],
});
