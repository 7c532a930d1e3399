/** The instance (and flow) exist, are active, and the flow is a contact flow. */
import { defineDoctorCheck, doctorMessage } from '../check.js';

type Instance = { instance: string; region: string; account: string };
type Flow = Instance & { alias?: string; flow: string };

export const instanceAndFlow = defineDoctorCheck({
  meta: {
    id: 'instance-and-flow',
    title: 'Instance and flow exist',
    summary: 'the instance and flow exist in that account and Region',
    docs: 'docs/doctor/instance-and-flow.md',
    severity: 'fail',
    messages: {
      found: doctorMessage((d: Flow & { name?: string; type?: string; status?: string }, w) => ({
        message: `Instance ${w.q(d.alias ?? d.instance)} and flow ${w.q(d.name ?? d.flow)} (${String(d.type ?? 'type unknown')}, ${String(d.status ?? 'status unknown')}) exist in ${d.account} ${d.region}.`,
      })),
      instanceOnly: doctorMessage((d: Instance & { alias?: string }, w) => ({ message: `Instance ${w.q(d.alias ?? d.instance)} exists in ${d.account} ${d.region}; no flow was given.` })),
      instanceNotFound: doctorMessage((d: Instance, w) => ({
        message: `Instance ${w.q(d.instance)} does not exist in account ${d.account}, Region ${d.region}.`,
        fix: `Check the instance ID and the Region (aws connect list-instances --region ${d.region}); the backend must call the instance's Region.`,
      })),
      instanceNotActive: doctorMessage((d: Instance & { status: string }, w) => ({
        message: `Instance ${w.q(d.instance)} is ${w.q(d.status)}, not ACTIVE.`,
        fix: 'Wait for the instance to be created, or recreate it if creation failed.',
      })),
      instanceUnreadable: doctorMessage((d: Instance, w) => ({
        message: `Could not read instance ${w.q(d.instance)} in ${d.region} (see "Could not read").`,
        fix: 'Allow connect:DescribeInstance to the credentials whydenied uses (whydenied policy --self).',
      })),
      flowNotFound: doctorMessage((d: Flow, w) => ({
        message: `Flow ${w.q(d.flow)} does not exist in instance ${w.q(d.alias ?? d.instance)}.`,
        fix: "Pass the flow ID (a UUID from the flow's ARN …/contact-flow/ID), not its name or ARN, as ContactFlowId.",
      })),
      flowArchived: doctorMessage((d: Flow & { name?: string }, w) => ({ message: `Flow ${w.q(d.name ?? d.flow)} is archived.`, fix: 'Use a published, active contact flow.' })),
      flowType: doctorMessage((d: Flow & { name?: string; type: string }, w) => ({
        message: `Flow ${w.q(d.name ?? d.flow)} is of type ${w.q(d.type)}; StartChatContact needs a contact flow (CONTACT_FLOW).`,
        fix: 'Pass the ID of an inbound contact flow.',
      })),
      flowUnreadable: doctorMessage((d: Flow, w) => ({ message: `Could not read flow ${w.q(d.flow)} (see "Could not read").`, fix: 'Allow connect:DescribeContactFlow to the credentials whydenied uses.' })),
    },
  },
  run({ scenario, where }) {
    const c = scenario.collected.connect;
    const base = { instance: where.instance.id, region: where.instance.region, account: where.instance.account };
    if (!c || c.instance.found === undefined) return [{ severity: 'warn', messageId: 'instanceUnreadable', data: base }];
    if (c.instance.found === false) return [{ severity: 'fail', messageId: 'instanceNotFound', data: base }];
    if (c.instance.status !== undefined && c.instance.status !== 'ACTIVE') return [{ severity: 'fail', messageId: 'instanceNotActive', data: { ...base, status: c.instance.status } }];
    const alias = c.instance.alias;
    if (!where.flow) return [{ severity: 'pass', messageId: 'instanceOnly', data: { ...base, alias } }];
    const f = c.flow;
    const flowData = { ...base, alias, flow: where.flow.id };
    if (!f || f.found === undefined) return [{ severity: 'warn', messageId: 'flowUnreadable', data: flowData }];
    if (f.found === false) return [{ severity: 'fail', messageId: 'flowNotFound', data: flowData }];
    if (f.state === 'ARCHIVED') return [{ severity: 'fail', messageId: 'flowArchived', data: { ...flowData, name: f.name } }];
    if (f.type !== undefined && f.type !== 'CONTACT_FLOW') return [{ severity: 'warn', messageId: 'flowType', data: { ...flowData, name: f.name, type: f.type } }];
    return [{ severity: 'pass', messageId: 'found', data: { ...flowData, name: f.name, type: f.type, status: f.status } }];
  },
});
