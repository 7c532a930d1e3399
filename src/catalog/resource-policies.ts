/**
 * Which services accept resource-based policies (IAM User Guide, "AWS services that work with IAM",
 * column "Resource-based policies"). The Service Authorization Reference data does not carry this, so the
 * list lives here; unknown services answer undefined.
 */
const WITH: ReadonlySet<string> = new Set([
  's3', 's3express', 'sqs', 'sns', 'kms', 'lambda', 'secretsmanager', 'ecr', 'ecr-public', 'glacier', 'logs', 'events',
  'execute-api', 'iam', 'sts', 'backup', 'codeartifact', 'elasticfilesystem', 'es', 'aoss', 'glue', 'kinesis',
  'dynamodb', 'ses', 'mediastore', 'serverlessrepo', 'acm-pca', 'cloudtrail', 'lex', 'ssm-incidents', 'sso', 'aps',
  'schemas', 'states', 'bedrock', 'kafka', 'redshift-serverless', 'rolesanywhere', 'vpc-lattice', 'apigateway',
]);
const WITHOUT: ReadonlySet<string> = new Set(['connect', 'connectparticipant', 'ec2', 'rds', 'cloudwatch', 'cloudformation', 'ssm', 'route53', 'organizations']);

export function supportsResourcePolicies(service: string): boolean | undefined {
  const s = service.toLowerCase();
  return WITH.has(s) ? true : WITHOUT.has(s) ? false : undefined;
}
