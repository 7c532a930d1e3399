/** The instance (and flow) exist, are active, and the flow is a contact flow. */
import { message } from '../../diagnosis/rule.js';
import { defineDoctorCheck } from '../check.js';

type Instance = { instance: string; region: string; account: string };
type Flow = Instance & { alias?: string; flow: string };

export const instanceAndFlow = defineDoctorCheck({
  meta: {
    id: 'instance-and-flow',
    title: 'Instance and flow exist',
    docs: 'docs/commands/doctor.md',
    severity: 'fail',
    messages: {
      found: message<Flow & { name?: string; type?: string; status?: string }>(),
      instanceOnly: message<Instance & { alias?: string }>(),
      instanceNotFound: message<Instance>(),
      instanceNotActive: message<Instance & { status: string }>(),
      instanceUnreadable: message<Instance>(),
      flowNotFound: message<Flow>(),
      flowArchived: message<Flow & { name?: string }>(),
      flowType: message<Flow & { name?: string; type: string }>(),
      flowUnreadable: message<Flow>(),
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
