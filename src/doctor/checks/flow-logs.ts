/** Flow logs (CONTACTFLOW_LOGS) are on, so failed chats leave a trace. */
import { defineDoctorCheck, doctorMessage } from '../check.js';

type Where = { instance: string; region: string };

export const flowLogs = defineDoctorCheck({
  meta: {
    id: 'flow-logs',
    title: 'Flow logs enabled',
    summary: 'flow logs are enabled (CONTACTFLOW_LOGS)',
    docs: 'docs/doctor/flow-logs.md',
    severity: 'warn',
    messages: {
      on: doctorMessage(() => ({ message: 'Flow logs (CONTACTFLOW_LOGS) are on.' })),
      off: doctorMessage((d: Where) => ({
        message: 'Flow logs are off: failed chats leave no trace of the flow blocks they ran.',
        fix: `aws connect update-instance-attribute --instance-id ${d.instance} --attribute-type CONTACTFLOW_LOGS --value true --region ${d.region} (and add a "Set logging behavior" block to the flow)`,
      })),
      unknown: doctorMessage((_: Where) => ({
        message: 'Could not read whether flow logs are on (see "Could not read").',
        fix: 'Allow connect:ListInstanceAttributes or connect:DescribeInstanceAttribute to the credentials whydenied uses.',
      })),
    },
  },
  run({ scenario, where }) {
    const logs = scenario.collected.connect?.flowLogs;
    const data = { instance: where.instance.id, region: where.instance.region };
    if (logs === true) return [{ severity: 'pass', messageId: 'on', data: {} }];
    return [{ severity: 'warn', messageId: logs === false ? 'off' : 'unknown', data }];
  },
});
