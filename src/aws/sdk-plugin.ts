/**
 * An AWS SDK for JavaScript v3 client plugin: when a call fails with an AccessDenied, the error gains
 * `error.whydenied` (the explanation `explain()` returns) and one `[whydenied] ...` line at the end of its
 * message, then is rethrown as the same object.
 *
 *   client.middlewareStack.use(whydeniedPlugin());   // or: withWhydenied(new ConnectClient({}))
 *
 * Typed structurally: nothing from `@aws-sdk/*` or `@smithy/*` is imported, so the SDK's `Pluggable`
 * accepts the plugin whatever SDK version the caller uses. A successful call costs one `await`; the plugin
 * makes no request of its own and never throws: if explaining fails, the original error is rethrown
 * untouched.
 */
import { explain, type Explanation, type ExplainResult } from '../explain/explain.js';
import { isDenialCode } from '../input/access-denied-message.js';
import type { Denial } from '../input/denial.js';
import { parseSdkError } from '../input/sdk-error.js';
import { summaryLine } from '../render/sdk-line.js';
import type { Scenario } from '../scenario/types.js';
import { own } from '../own.js';

/** The middleware's name in the stack (adding the plugin twice replaces it rather than doubling it). */
export const WHYDENIED_MIDDLEWARE_NAME = 'whydeniedMiddleware';

/** The property the explanation is attached under (non-enumerable, so logs and JSON of the error are unchanged). */
export const WHYDENIED_PROPERTY = 'whydenied';

export interface WhydeniedPluginOptions {
  /** Append the one-line summary to `error.message` (default true); `error.whydenied` is attached either way. */
  readonly appendToMessage?: boolean;
  /**
   * The policies that decide the caller's requests, as in a scenario file without `request`
   * (`identityPolicies`, `permissionsBoundary`, `serviceControlPolicies`, ...). Given, the denied request
   * is evaluated against them and the summary names the deciding statement. They are read, never fetched.
   */
  readonly policies?: Omit<Scenario, 'request'>;
}

/** The fields of the SDK's handler execution context the plugin reads. */
export interface WhydeniedMiddlewareContext {
  readonly commandName?: string;
  readonly clientName?: string;
}

/** An `initialize` middleware, generic so that it fits the SDK's `InitializeMiddleware<Input, Output>`. */
export type WhydeniedMiddleware = <Args extends object, Result extends object>(
  next: (args: Args) => Promise<Result>,
  context: WhydeniedMiddlewareContext,
) => (args: Args) => Promise<Result>;

export interface WhydeniedMiddlewareOptions {
  readonly step: 'initialize';
  readonly priority: 'low';
  readonly name: string;
  readonly tags: string[];
  readonly override: boolean;
}

/** The part of the SDK's `MiddlewareStack` the plugin uses. */
export interface MiddlewareStackLike {
  add(middleware: WhydeniedMiddleware, options: WhydeniedMiddlewareOptions): void;
}

/** The SDK's `Pluggable` shape. */
export interface WhydeniedPlugin {
  applyToStack(stack: MiddlewareStackLike): void;
}

/** An SDK error after the plugin explained it. */
export type WhydeniedError = Error & { readonly whydenied: Explanation };

/** A plugin that explains AccessDenied errors: `client.middlewareStack.use(whydeniedPlugin())`. */
export function whydeniedPlugin(options: WhydeniedPluginOptions = {}): WhydeniedPlugin {
  const settings: Settings = { appendToMessage: options.appendToMessage !== false, policies: options.policies };
  const middleware: WhydeniedMiddleware = (next, context) => async (args) => {
    try {
      return await next(args);
    } catch (error) {
      annotate(error, context, settings);
      throw error;
    }
  };
  return {
    applyToStack(stack) {
      // Initialize is the outermost step, so the middleware sees the final error, after every retry.
      stack.add(middleware, { step: 'initialize', priority: 'low', name: WHYDENIED_MIDDLEWARE_NAME, tags: ['WHYDENIED'], override: true });
    },
  };
}

/** Add the plugin to a client and return the same client. */
export function withWhydenied<Client extends { readonly middlewareStack: { use(plugin: WhydeniedPlugin): void } }>(
  client: Client,
  options?: WhydeniedPluginOptions,
): Client {
  client.middlewareStack.use(whydeniedPlugin(options));
  return client;
}

/** The explanation the plugin attached to an error, if any. */
export function whydeniedOf(error: unknown): Explanation | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  try {
    return Object.prototype.hasOwnProperty.call(error, WHYDENIED_PROPERTY) ? ((error as Record<string, unknown>)[WHYDENIED_PROPERTY] as Explanation) : undefined;
  } catch {
    return undefined;
  }
}

interface Settings {
  readonly appendToMessage: boolean;
  readonly policies: Omit<Scenario, 'request'> | undefined;
}

/** Explain the error in place when it is an AccessDenied; otherwise, or on any failure, leave it as it was. */
function annotate(error: unknown, context: WhydeniedMiddlewareContext, settings: Settings): void {
  if (typeof error !== 'object' || error === null) return;
  try {
    if (!isDenialError(error) || Object.prototype.hasOwnProperty.call(error, WHYDENIED_PROPERTY)) return;
    const parsed = parseSdkError(error);
    if (!parsed.ok) return;
    const operation = operationName(context);
    const denial: Denial = operation !== undefined && parsed.denial.operation === undefined ? { ...parsed.denial, operation } : parsed.denial;
    const result = explainDenial(denial, settings.policies);
    if (!result.ok) return;
    attach(error, result.explanation, settings.appendToMessage ? summaryLine(result.explanation, denial) : undefined);
  } catch {
    // Never let explaining hide the caller's error.
  }
}

/** With policies, evaluate them; if they cannot be (invalid, or the request is incomplete), explain from the message alone. */
function explainDenial(denial: Denial, policies: Settings['policies']): ExplainResult {
  if (policies !== undefined) {
    const withPolicies = explain({ denial, scenario: { ...policies, request: undefined } });
    if (withPolicies.ok) return withPolicies;
  }
  return explain({ denial });
}

/** Read one property; getters on live errors may throw. */
function read(o: object, key: string): unknown {
  try {
    return own(o as Record<string, unknown>, key);
  } catch {
    return undefined;
  }
}

/** AccessDeniedException, AccessDenied, UnauthorizedOperation, ... by the error's name or code: nothing else is parsed. */
function isDenialError(error: object): boolean {
  for (const key of ['name', 'Code', 'code', '__type']) {
    const value = read(error, key);
    if (typeof value === 'string' && isDenialCode(value)) return true;
  }
  return false;
}

/** `StartChatContactCommand` -> `StartChatContact`. */
function operationName(context: WhydeniedMiddlewareContext): string | undefined {
  const name = read(context, 'commandName');
  if (typeof name !== 'string' || name === '') return undefined;
  return name.endsWith('Command') && name.length > 'Command'.length ? name.slice(0, -'Command'.length) : name;
}

/**
 * Attach the explanation and the line; the message's first stack line is updated too when the stack was
 * already formatted (so an uncaught error prints the line). All or nothing: on failure, undo.
 */
function attach(error: object, explanation: Explanation, line: string | undefined): void {
  const target = error as { message?: unknown; stack?: unknown };
  const oldMessage = read(error, 'message');
  const oldStack = read(error, 'stack');
  const newMessage = line !== undefined && typeof oldMessage === 'string' ? `${oldMessage}\n${line}` : undefined;
  const newStack = newMessage !== undefined ? stackWith(oldStack, oldMessage as string, newMessage) : undefined;
  let defined = false;
  let messageSet = false;
  try {
    Object.defineProperty(error, WHYDENIED_PROPERTY, { value: explanation, enumerable: false, configurable: true, writable: true });
    defined = true;
    if (newMessage !== undefined) {
      target.message = newMessage;
      messageSet = true;
    }
    if (newStack !== undefined) target.stack = newStack;
  } catch {
    if (messageSet) quietly(() => (target.message = oldMessage));
    if (defined) quietly(() => delete (error as Record<string, unknown>)[WHYDENIED_PROPERTY]);
  }
}

function quietly(action: () => unknown): void {
  try {
    action();
  } catch {
    // nothing more can be done
  }
}

/** The stack with its header's message replaced, when the header (first line) holds the old message. */
function stackWith(stack: unknown, oldMessage: string, newMessage: string): string | undefined {
  if (typeof stack !== 'string' || oldMessage === '') return undefined;
  const at = stack.indexOf(oldMessage);
  if (at < 0 || stack.slice(0, at).includes('\n') || stack.includes(newMessage)) return undefined;
  return stack.slice(0, at) + newMessage + stack.slice(at + oldMessage.length);
}

