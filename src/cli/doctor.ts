/** `whydenied doctor connect`: the Amazon Connect chat health check against the live account. */
import { TOOL, withAwsClients } from './aws.js';
import type { CommandInput } from './command.js';
import type { doctor } from './commands/doctor.js';
import { usageError, type Io } from './io.js';

export async function run({ values, args, style }: CommandInput<typeof doctor.options>, io: Io): Promise<number> {
  if (args.length === 0) return usageError(io, 'doctor needs a topic: `whydenied doctor connect`', 'whydenied doctor connect --instance ARN-or-ID [--flow ID]');
  if (!values.instance) return usageError(io, 'doctor connect needs --instance ARN-or-ID', 'e.g. whydenied doctor connect --instance arn:aws:connect:us-east-1:111122223333:instance/ID --flow FLOW_ID');
  const instance = values.instance;

  const [{ doctorConnect, doctorExitCode }, { doctorJson, renderDoctor }] = await Promise.all([import('../doctor/connect.js'), import('../render/doctor.js')]);
  const report = await withAwsClients(io, values, instance.startsWith('arn:') ? instance : undefined, (clients) =>
    doctorConnect(
      {
        instance,
        ...(values.flow !== undefined && { flow: values.flow }),
        ...(values.principal !== undefined && { principal: values.principal }),
        ...(values.context && Object.keys(values.context).length > 0 && { context: values.context }),
      },
      clients,
      { tool: TOOL, ...(values.profile !== undefined && { profile: values.profile }) },
    ),
  );
  if (!report.ok) return report.code;
  if (values.json) io.out(`${JSON.stringify(doctorJson(report.value), null, 2)}\n`);
  else io.out(renderDoctor(report.value, style));
  return doctorExitCode(report.value);
}
