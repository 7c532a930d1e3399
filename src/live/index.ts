/**
 * whydenied's live API (the `whydenied/live` entry point): read what decides a request from an AWS account,
 * read-only, and check an Amazon Connect chat setup. Kept apart from the main entry so that importing the
 * engine never loads the AWS SDK.
 */
export { collectScenario, collectForExplain, LiveError, type CollectTarget, type CollectOptions, type CollectResult, type Collected, type CollectedScenario, type LiveOptions, type UnreadableEntry, type ConnectFacts, type AccessKeyFact } from './collect.js';
export { doctorConnect, doctorExitCode, type DoctorCheck, type DoctorCheckId, type DoctorInput, type DoctorOptions, type DoctorReport, type CheckStatus } from '../doctor/connect.js';
export { createAwsClients, quietSdkWarnings, resolveRegion, type AwsClients, type ClientOptions } from '../aws/clients.js';
export { SELF_CALLS, SELF_POLICY, type SelfCall } from '../aws/self-policy.js';
/** A LiveError's `problem` (bad input, as data) in words. */
export { problemMessage } from '../render/problems.js';
