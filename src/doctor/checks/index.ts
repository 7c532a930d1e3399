/** Every doctor check, in the order the report lists them: adding a check is one line here. */
import type { DataOf, MessageId } from '../../diagnosis/rule.js';
import type { CheckStatus } from '../check.js';
import { accessKeys } from './access-keys.js';
import { chatResourceStar } from './chat-resource-star.js';
import { flowLogs } from './flow-logs.js';
import { instanceAndFlow } from './instance-and-flow.js';
import { networkCondition } from './network-condition.js';
import { startChatContact } from './start-chat-contact.js';

export const DOCTOR_CHECKS = [instanceAndFlow, startChatContact, chatResourceStar, networkCondition, flowLogs, accessKeys] as const;

export type AnyDoctorCheck = (typeof DOCTOR_CHECKS)[number];
export type DoctorCheckId = AnyDoctorCheck['meta']['id'];
export type DoctorMessages = { [C in AnyDoctorCheck as C['meta']['id']]: C['meta']['messages'] };

/** A doctor check's result: its status, one of its message ids and the data (its template has the words; src/render/doctor.ts fills it). */
export type DoctorCheck = {
  [Id in DoctorCheckId]: {
    [K in MessageId<DoctorMessages[Id]>]: { readonly id: Id; readonly status: CheckStatus; readonly messageId: K; readonly data: DataOf<DoctorMessages[Id][K]> };
  }[MessageId<DoctorMessages[Id]>];
}[DoctorCheckId];
