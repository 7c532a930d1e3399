/** Flow logs (CONTACTFLOW_LOGS) are on, so failed chats leave a trace. */
import { message } from '../../diagnosis/rule.js';
import { defineDoctorCheck } from '../check.js';

type Where = { instance: string; region: string };

export const flowLogs = defineDoctorCheck({
  meta: { id: 'flow-logs', title: 'Flow logs enabled', docs: 'docs/commands/doctor.md', severity: 'warn', messages: { on: message<Record<string, never>>(), off: message<Where>(), unknown: message<Where>() } },
  run({ scenario, where }) {
    const logs = scenario.collected.connect?.flowLogs;
    const data = { instance: where.instance.id, region: where.instance.region };
    if (logs === true) return [{ severity: 'pass', messageId: 'on', data: {} }];
    return [{ severity: 'warn', messageId: logs === false ? 'off' : 'unknown', data }];
  },
});
