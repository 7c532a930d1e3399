/**
 * whydenied's live API (the `whydenied/live` entry point): read what decides a request from an AWS account,
 * read-only, and check an Amazon Connect chat setup. Kept apart from the main entry so that importing the
 * engine never loads the AWS SDK. An edge: a LiveError thrown through it has its words as `message`.
 */
import { LiveError } from '../aws/collect/errors.js';
import { createAwsClients as createClients } from '../aws/clients.js';
import { doctorConnect as doctor } from '../doctor/connect.js';
import { liveErrorMessage } from '../render/live-error.js';
import { collectForExplain as collectFor, collectScenario as collect } from './collect.js';

export { LiveError, type LiveErrorId, type LiveErrorKind, type LiveErrorMessages, type LiveErrorReason } from '../aws/collect/errors.js';
export type { CollectTarget, CollectOptions, CollectResult, Collected, CollectedScenario, LiveOptions, UnreadableEntry, ConnectFacts, AccessKeyFact } from './collect.js';
export { doctorExitCode, type DoctorCheck, type DoctorCheckId, type DoctorInput, type DoctorOptions, type DoctorReport, type CheckStatus } from '../doctor/connect.js';
export { quietSdkWarnings, resolveRegion, type AwsClients, type ClientOptions } from '../aws/clients.js';
export { SELF_CALLS, SELF_POLICY, type SelfCall } from '../aws/self-policy.js';
/** A LiveError's `problem` (bad input, as data) in words. */
export { problemMessage } from '../render/problems.js';
/** A LiveError (or its `messageId` and `data`) in words: what `message` says once it left this entry point. */
export { liveErrorMessage } from '../render/live-error.js';

/** `run`, with the words of a LiveError it throws put in its `message` (the core gives it only its id). */
function worded<A extends unknown[], R>(run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await run(...args);
    } catch (error) {
      if (error instanceof LiveError) error.message = liveErrorMessage(error);
      throw error;
    }
  };
}

/**
 * Read from AWS everything that decides `target`, with read-only calls. Throws LiveError for bad input and
 * for credentials that are missing, invalid or expired; anything else that cannot be read is listed.
 */
export const collectScenario: typeof collect = worded(collect);
/**
 * The scenario to hand to `explain({ denial, scenario })` for the request AWS denied, and what could not be
 * read; the clients are made for it and closed after. Throws LiveError for bad input or unusable credentials.
 */
export const collectForExplain: typeof collectFor = worded(collectFor);
/** Check an Amazon Connect chat setup: one status per check, with fixes. Throws LiveError for a bad instance, flow or principal. */
export const doctorConnect: typeof doctor = worded(doctor);
/** The SDK clients whydenied reads with. Throws LiveError for a --profile that is in no shared file. */
export const createAwsClients: typeof createClients = worded(createClients);
