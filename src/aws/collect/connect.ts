/**
 * Amazon Connect facts for a chat request: the instance and the flow exist in that account and Region
 * (DescribeInstance, DescribeContactFlow), and whether flow logs are on (ListInstanceAttributes, paginated,
 * else DescribeInstanceAttribute CONTACTFLOW_LOGS). Facts only: Connect has no resource-based policies.
 */
import { DescribeContactFlowCommand, DescribeInstanceAttributeCommand, DescribeInstanceCommand, ListInstanceAttributesCommand, type Attribute } from '@aws-sdk/client-connect';
import type { Reader } from './reader.js';

/** `arn:aws:connect:REGION:ACCOUNT:instance/ID[/contact-flow/FLOW_ID]` -> its parts. */
export function parseConnectArn(arn: string): { partition: string; region: string; account: string; instanceId: string; flowId?: string } | undefined {
  const m = /^arn:(aws[a-z-]*):connect:([a-z0-9-]+):(\d{12}):instance\/([^/]+)(?:\/contact-flow\/([^/]+))?$/.exec(arn);
  if (!m) return undefined;
  return { partition: m[1]!, region: m[2]!, account: m[3]!, instanceId: m[4]!, ...(m[5] !== undefined && { flowId: m[5] }) };
}

export interface ConnectFacts {
  readonly region: string;
  readonly account: string;
  readonly instance: {
    readonly id: string;
    /** false: DescribeInstance said it does not exist (in this account and Region); undefined: unreadable. */
    readonly found?: boolean;
    readonly arn?: string;
    readonly alias?: string;
    readonly status?: string;
    readonly notFound?: string;
  };
  readonly flow?: {
    readonly id: string;
    readonly found?: boolean;
    readonly arn?: string;
    readonly name?: string;
    readonly type?: string;
    readonly state?: string;
    readonly status?: string;
    readonly notFound?: string;
  };
  /** CONTACTFLOW_LOGS; undefined when it could not be read. */
  readonly flowLogs?: boolean;
}

const NOT_FOUND = 'ResourceNotFoundException';

export async function readConnect(reader: Reader, where: { region: string; account: string; instanceId: string; flowId?: string }): Promise<ConnectFacts> {
  const connect = reader.clients.connect(where.region);
  const { instanceId, flowId } = where;
  const instanceRead = reader.attempt(() => reader.call('connect:DescribeInstance', () => connect.send(new DescribeInstanceCommand({ InstanceId: instanceId }))));
  const flowRead = flowId !== undefined ? reader.attempt(() => reader.call('connect:DescribeContactFlow', () => connect.send(new DescribeContactFlowCommand({ InstanceId: instanceId, ContactFlowId: flowId })))) : undefined;
  const logsRead = flowLogs(reader, where.region, instanceId);
  const [instance, flow, logs] = await Promise.all([instanceRead, flowRead, logsRead]);

  let instanceFacts: ConnectFacts['instance'] = { id: instanceId };
  if (instance.ok) {
    const i = instance.value.Instance;
    instanceFacts = { id: instanceId, found: true, ...(i?.Arn !== undefined && { arn: i.Arn }), ...(i?.InstanceAlias !== undefined && { alias: i.InstanceAlias }), ...(i?.InstanceStatus !== undefined && { status: i.InstanceStatus }) };
  } else if (instance.code === NOT_FOUND) instanceFacts = { id: instanceId, found: false, notFound: instance.reason };
  else reader.note({ what: `Amazon Connect instance ${instanceId} in ${where.region}`, call: instance.call, reason: instance.reason, affects: ['connect'] });

  let flowFacts: ConnectFacts['flow'];
  if (flowId !== undefined && flow) {
    if (flow.ok) {
      const f = flow.value.ContactFlow;
      flowFacts = {
        id: flowId,
        found: true,
        ...(f?.Arn !== undefined && { arn: f.Arn }),
        ...(f?.Name !== undefined && { name: f.Name }),
        ...(f?.Type !== undefined && { type: f.Type }),
        ...(f?.State !== undefined && { state: f.State }),
        ...(f?.Status !== undefined && { status: f.Status }),
      };
    } else if (flow.code === NOT_FOUND) flowFacts = { id: flowId, found: false, notFound: flow.reason };
    else {
      flowFacts = { id: flowId };
      reader.note({ what: `the contact flow ${flowId}`, call: flow.call, reason: flow.reason, affects: ['connect'] });
    }
  }
  return { region: where.region, account: where.account, instance: instanceFacts, ...(flowFacts && { flow: flowFacts }), ...(logs !== undefined && { flowLogs: logs }) };
}

/** CONTACTFLOW_LOGS from the attribute list, else from DescribeInstanceAttribute; undefined if neither can be read. */
async function flowLogs(reader: Reader, region: string, instanceId: string): Promise<boolean | undefined> {
  const connect = reader.clients.connect(region);
  const listed = await reader.attempt(() =>
    reader.pages<Attribute>(async (nextToken) => {
      const out = await reader.call('connect:ListInstanceAttributes', () => connect.send(new ListInstanceAttributesCommand({ InstanceId: instanceId, NextToken: nextToken })));
      return { items: out.Attributes, next: out.NextToken };
    }),
  );
  const fromList = listed.ok ? listed.value.find((a) => a.AttributeType === 'CONTACTFLOW_LOGS') : undefined;
  if (fromList) return fromList.Value === 'true';
  if (!listed.ok && listed.code === NOT_FOUND) return undefined; // the instance is not there: said once, by DescribeInstance
  const described = await reader.attempt(() =>
    reader.call('connect:DescribeInstanceAttribute', () => connect.send(new DescribeInstanceAttributeCommand({ InstanceId: instanceId, AttributeType: 'CONTACTFLOW_LOGS' }))),
  );
  if (described.ok) return described.value.Attribute?.Value === 'true';
  if (described.code === NOT_FOUND) return undefined;
  const reasons = [...(listed.ok ? [] : [`${listed.call}: ${listed.reason}`]), `${described.call}: ${described.reason}`];
  reader.note({ what: `whether flow logs (CONTACTFLOW_LOGS) are on for instance ${instanceId}`, call: described.call, reason: reasons.join('; '), affects: ['connect'] });
  return undefined;
}
