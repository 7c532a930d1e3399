import { defineCommand } from '../command.js';
import { EXIT } from '../io.js';

export const diff = defineCommand({
  name: 'diff',
  synopsis: 'OLD NEW [--json | --sarif]',
  summary: 'does NEW allow any request that OLD does not? (proven)',
  usage: ['OLD NEW [--type TYPE] [--json | --sarif] [--action PATTERN]... [--resource PATTERN] [--context K=V]...'],
  description: `Answers exactly: does NEW allow any request that OLD does not? OLD and NEW are two policy documents of
one type, or two scenarios (then the whole decision for the principal of OLD's request). JSON or YAML;
- reads standard input. Each difference is a concrete request that \`whydenied simulate\` decides
differently, with the statement responsible.`,
  args: { name: 'OLD NEW', noun: 'file', many: true },
  options: {
    type: {
      type: 'string',
      choices: ['identity', 'resource', 'permissions-boundary', 'session', 'scp', 'rcp', 'vpc-endpoint'],
      default: 'identity',
      noun: 'policy type',
      description: "the documents' policy type",
    },
    json: { type: 'boolean', description: 'print { policyType, broader, narrower, newlyAllowed, newlyDenied, futureActions, undecided }' },
    sarif: { type: 'boolean', description: 'print SARIF 2.1.0 (one result per newly allowed request), for a pull-request gate' },
    action: { type: 'string', value: 'PATTERN', multiple: true, description: 'only actions matching PATTERN (e.g. connect:*); may be repeated' },
    resource: { type: 'string', value: 'PATTERN', description: 'only resources matching PATTERN (IAM wildcards)' },
    // Not `pairs`: a key given twice is a multivalued context key here.
    context: { type: 'string', value: 'K=V', multiple: true, description: 'fix context key K to V in every request; may be repeated' },
  },
  exits: [
    { code: EXIT.ok, meaning: 'NEW grants no access that OLD did not (proven)' },
    { code: EXIT.badInput, meaning: 'bad input or usage (the message names the file and the place)' },
    { code: EXIT.denied, meaning: 'NEW grants more: it allows requests that OLD does not' },
    { code: EXIT.undetermined, meaning: 'no newly allowed request was found, but some cases could not be decided exactly' },
  ],
});
