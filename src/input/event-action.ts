/** The IAM action of a CloudTrail event (own module: the message reader and CloudTrail reader both use it). */
import { findAction, serviceExists } from '../catalog/index.js';
import { own } from '../own.js';

/** CloudTrail eventSource hosts whose IAM service prefix is not the host's first label (`monitoring` -> `cloudwatch`). */
export const SERVICE_OF_HOST: Readonly<Record<string, string>> = {
  monitoring: 'cloudwatch',
  email: 'ses',
  tagging: 'tag',
  'streams.dynamodb': 'dynamodb',
  'runtime.sagemaker': 'sagemaker',
  'runtime.lex': 'lex',
  'data.iot': 'iot',
  'api.pricing': 'pricing',
  'api.mediatailor': 'mediatailor',
};

/** CloudTrail eventNames that name an API operation whose IAM action has another name. */
const ACTION_OF_EVENT: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  s3: {
    listobjects: 'ListBucket',
    listobjectsv2: 'ListBucket',
    listobjectversions: 'ListBucketVersions',
    headobject: 'GetObject',
    headbucket: 'ListBucket',
    listbuckets: 'ListAllMyBuckets',
  },
  lambda: { invoke: 'InvokeFunction' },
};

/** `connect.amazonaws.com` -> `connect`; `monitoring.amazonaws.com` -> `cloudwatch`. */
export function serviceOfEventSource(eventSource: string): string {
  const host = eventSource.toLowerCase().replace(/\.amazonaws\.com(\.cn)?$/, '');
  const mapped = own(SERVICE_OF_HOST, host);
  if (mapped) return mapped;
  if (!host.includes('.')) return host;
  // `streams.dynamodb`-like hosts: the label that is a service prefix.
  const labels = host.split('.');
  const last = labels[labels.length - 1]!;
  if (serviceExists(last)) return last;
  return serviceExists(labels[0]!) ? labels[0]! : last;
}

/** The IAM action of a CloudTrail event: catalog spelling; API version suffixes (`...20150331v2`) dropped. */
export function actionOfEvent(eventSource: string, eventName: string): string {
  const service = serviceOfEventSource(eventSource);
  const mapped = own(own(ACTION_OF_EVENT, service), eventName.toLowerCase());
  if (mapped) return `${service}:${mapped}`;
  const found = findAction(service, eventName);
  if (found) return `${service}:${found.name}`;
  const base = eventName.replace(/(\d{8}(v\d+)?|\d{4}_\d{2}_\d{2})$/, '');
  const stripped = base !== eventName ? findAction(service, base) : undefined;
  if (stripped) return `${service}:${stripped.name}`;
  return `${service}:${eventName}`;
}
