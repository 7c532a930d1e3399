/**
 * Amazon Connect identifiers: one home. Every ID in an Amazon Connect ARN (instance, flow, queue, hours
 * of operation...) is a UUID (Amazon Connect API Reference: `InstanceId`, `ContactFlowId`...).
 */
import { own } from '../own.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether a value is an Amazon Connect ID (a UUID). */
export function isConnectId(value: string): boolean {
  return UUID.test(value);
}

/** The placeholders of Amazon Connect ARN templates (Service Authorization Reference) whose values are UUIDs. */
export const CONNECT_ID_PLACEHOLDERS: readonly string[] = [
  'InstanceId',
  'ContactFlowId',
  'ContactId',
  'QueueId',
  'UserId',
  'RoutingProfileId',
  'ContactFlowModuleId',
  'HoursOfOperationId',
  'SecurityProfileId',
  'QuickConnectId',
  'PromptId',
];

/** The first placeholder of a template match whose value is not a UUID (values `accept` declines are skipped). */
export function nonUuidId(values: Readonly<Record<string, string>>, accept: (value: string) => boolean = () => true): { placeholder: string; part: string } | undefined {
  for (const placeholder of CONNECT_ID_PLACEHOLDERS) {
    const part = own(values, placeholder);
    if (part !== undefined && accept(part) && !isConnectId(part)) return { placeholder, part };
  }
  return undefined;
}
