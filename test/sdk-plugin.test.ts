/**
 * The SDK plugin with the real `@aws-sdk/client-connect` client, against a local HTTP server that plays
 * Amazon Connect: no AWS, fake static credentials, one attempt per call.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessDeniedException, ConnectClient, InvalidParameterException, StartChatContactCommand } from '@aws-sdk/client-connect';
import type { Pluggable } from '@smithy/types';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { whydeniedOf, whydeniedPlugin, withWhydenied, WHYDENIED_MIDDLEWARE_NAME, type MiddlewareStackLike, type WhydeniedMiddleware } from '../src/aws/sdk-plugin.js';

// The SDK warns once that its 2027 releases will need Node 22; keep the test output quiet.
process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] = 'true';

const INSTANCE_ID = '9f8e7d6c-1a2b-4c3d-8e9f-0a1b2c3d4e5f';
const FLOW_ID = '0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
const INSTANCE_ARN = `arn:aws:connect:us-east-1:111122223333:instance/${INSTANCE_ID}`;
const FLOW_ARN = `${INSTANCE_ARN}/contact-flow/${FLOW_ID}`;
const DENIED_MESSAGE = `User: arn:aws:sts::111122223333:assumed-role/ChatStarter/fn is not authorized to perform: connect:StartChatContact on resource: ${FLOW_ARN}`;

type Reply = { status: number; headers?: Record<string, string>; body: unknown };

const REPLIES: Record<string, Reply> = {
  denied: { status: 403, headers: { 'x-amzn-ErrorType': 'AccessDeniedException' }, body: { message: DENIED_MESSAGE } },
  ok: {
    status: 200,
    body: { ContactId: '11111111-2222-4333-8444-555555555555', ParticipantId: '66666666-7777-4888-8999-000000000000', ParticipantToken: 'token-abc', ContinuedFromContactId: null },
  },
  invalid: { status: 400, headers: { 'x-amzn-ErrorType': 'InvalidParameterException' }, body: { message: 'The ContactFlowId is not valid.' } },
  denied400: { status: 400, headers: { 'x-amzn-ErrorType': 'AccessDeniedException' }, body: { message: DENIED_MESSAGE } },
};

/** Every request the server has seen, and the reply it gives to StartChatContact. */
const seen: { method: string; url: string }[] = [];
let reply: Reply = REPLIES['ok']!;
let server: Server;
let endpoint: string;

function handle(req: IncomingMessage, res: ServerResponse): void {
  req.resume();
  req.on('end', () => {
    seen.push({ method: req.method ?? '', url: req.url ?? '' });
    if (req.method !== 'PUT' || req.url !== '/contact/chat') {
      res.writeHead(404, { 'content-type': 'application/json', 'x-amzn-ErrorType': 'ResourceNotFoundException' }).end('{"message":"not found"}');
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', 'x-amzn-RequestId': 'req-1', ...reply.headers }).end(JSON.stringify(reply.body));
  });
}

beforeAll(async () => {
  server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
});

beforeEach(() => {
  seen.length = 0;
});

function client(): ConnectClient {
  return new ConnectClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 1 });
}

const command = () => new StartChatContactCommand({ InstanceId: INSTANCE_ID, ContactFlowId: FLOW_ID, ParticipantDetails: { DisplayName: 'Customer' } });

async function failure(c: ConnectClient): Promise<Error & Record<string, unknown>> {
  try {
    await c.send(command());
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('the call succeeded');
}

const lines = (message: string) => message.split('\n').filter((l) => l.startsWith('[whydenied]'));

describe('whydeniedPlugin with the real Connect client', () => {
  it('is a Pluggable for the SDK types', () => {
    const plugin: Pluggable<object, object> = whydeniedPlugin();
    expect(typeof plugin.applyToStack).toBe('function');
  });

  it('explains an AccessDeniedException and rethrows the same error', async () => {
    reply = REPLIES['denied']!;
    const error = await failure(withWhydenied(client()));

    expect(error).toBeInstanceOf(AccessDeniedException);
    expect(error.name).toBe('AccessDeniedException');
    expect((error.$metadata as { httpStatusCode?: number }).httpStatusCode).toBe(403);
    expect(error.message.startsWith(DENIED_MESSAGE)).toBe(true);
    expect(lines(error.message)).toHaveLength(1);
    expect(error.message.split('\n')).toHaveLength(2);
    const line = lines(error.message)[0]!;
    expect(line).toContain(`connect:StartChatContact on ${FLOW_ARN}`);
    expect(line).toContain('likely cause: the identity policy names the instance ARN');
    expect(line).toContain('run `whydenied explain` with the policies');

    const explanation = error['whydenied'] as { request: { action: string; resource: string; principal: string } };
    expect(explanation.request.action).toBe('connect:StartChatContact');
    expect(explanation.request.resource).toBe(FLOW_ARN);
    expect(explanation.request.principal).toBe('arn:aws:sts::111122223333:assumed-role/ChatStarter/fn');
    expect(whydeniedOf(error)).toBe(explanation);
    expect(Object.keys(error)).not.toContain('whydenied');
    expect(JSON.stringify(error)).not.toContain('"whydenied"');
    // An uncaught error prints its stack: the line is there too.
    expect(lines(error.stack ?? '')).toHaveLength(1);

    expect(seen).toEqual([{ method: 'PUT', url: '/contact/chat' }]);
  });

  it('returns the normal output of a successful call, with no whydenied property', async () => {
    reply = REPLIES['ok']!;
    const output = await withWhydenied(client()).send(command());
    expect(output.ContactId).toBe('11111111-2222-4333-8444-555555555555');
    expect(output.ParticipantToken).toBe('token-abc');
    expect(output.$metadata.httpStatusCode).toBe(200);
    expect('whydenied' in output).toBe(false);
    expect(seen).toHaveLength(1);
  });

  it('rethrows a non-denial error untouched', async () => {
    reply = REPLIES['invalid']!;
    const plain = await failure(client());
    const error = await failure(withWhydenied(client()));
    expect(error).toBeInstanceOf(InvalidParameterException);
    expect(error.message).toBe('The ContactFlowId is not valid.');
    expect(error.message).toBe(plain.message);
    expect(error.stack).not.toContain('[whydenied]');
    expect('whydenied' in error).toBe(false);
    expect(whydeniedOf(error)).toBeUndefined();
    expect((error.$metadata as { httpStatusCode?: number }).httpStatusCode).toBe(400);
    expect(seen).toHaveLength(2);
  });

  it('goes by the error name, not the status code', async () => {
    reply = REPLIES['denied400']!;
    const error = await failure(withWhydenied(client()));
    expect(error.name).toBe('AccessDeniedException');
    expect(lines(error.message)).toHaveLength(1);
  });

  it('adds one middleware however often it is applied, and one line per error', async () => {
    reply = REPLIES['denied']!;
    const c = withWhydenied(withWhydenied(client()));
    c.middlewareStack.use(whydeniedPlugin());
    expect(c.middlewareStack.identify().filter((m) => m.startsWith(WHYDENIED_MIDDLEWARE_NAME))).toHaveLength(1);
    const error = await failure(c);
    expect(lines(error.message)).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });

  it('wraps the retries: one explanation after the last attempt', async () => {
    reply = REPLIES['denied']!;
    const c = withWhydenied(new ConnectClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'x' }, maxAttempts: 3 }));
    const error = await failure(c);
    // AccessDenied is not retryable: one request, one line.
    expect(seen).toHaveLength(1);
    expect(lines(error.message)).toHaveLength(1);
  });

  it('keeps the message when appendToMessage is false, and still attaches the explanation', async () => {
    reply = REPLIES['denied']!;
    const error = await failure(withWhydenied(client(), { appendToMessage: false }));
    expect(error.message).toBe(DENIED_MESSAGE);
    expect(whydeniedOf(error)?.request?.action).toBe('connect:StartChatContact');
  });

  it('names the deciding statement when given the policies', async () => {
    reply = REPLIES['denied']!;
    const policies = {
      identityPolicies: [
        {
          name: 'StartChat',
          document: { Version: '2012-10-17', Statement: [{ Sid: 'AllowStartChat', Effect: 'Allow', Action: 'connect:StartChatContact', Resource: INSTANCE_ARN }] },
        },
      ],
    };
    const error = await failure(withWhydenied(client(), { policies }));
    const explanation = whydeniedOf(error)!;
    expect(explanation.decision).toBe('implicit-deny');
    expect(explanation.deniedBy).toEqual(['identity']);
    expect(explanation.findings.some((f) => f.severity === 'error' && f.statement === 'AllowStartChat')).toBe(true);
    const line = lines(error.message)[0]!;
    expect(line).toContain('denied (no allow) by the identity-based policies');
    expect(line).toContain('cause: ');
    expect(line).not.toContain('run `whydenied explain`');
    expect(lines(error.message)).toHaveLength(1);
    expect(seen).toHaveLength(1);
  });
});

/** The middleware alone, with a fake `next`: what it does with odd errors. */
describe('whydeniedMiddleware', () => {
  function middleware(): WhydeniedMiddleware {
    let added: WhydeniedMiddleware | undefined;
    const stack: MiddlewareStackLike = {
      add: (m, options) => {
        expect(options).toMatchObject({ step: 'initialize', priority: 'low', name: WHYDENIED_MIDDLEWARE_NAME });
        added = m;
      },
    };
    whydeniedPlugin().applyToStack(stack);
    return added!;
  }
  const run = (thrown: unknown) =>
    middleware()(
      () => Promise.reject(thrown),
      { commandName: 'StartChatContactCommand' },
    )({ input: {} });
  const denied = () => Object.assign(new Error(DENIED_MESSAGE), { name: 'AccessDeniedException', $metadata: { httpStatusCode: 403 } });

  it('passes a successful result through as the same object', async () => {
    const output = { output: { ok: 1 }, response: {} };
    await expect(middleware()(() => Promise.resolve(output), {})({ input: {} })).resolves.toBe(output);
  });

  it('rethrows values that are not objects', async () => {
    await expect(run('AccessDenied')).rejects.toBe('AccessDenied');
    await expect(run(undefined)).rejects.toBeUndefined();
  });

  it('rethrows a frozen AccessDenied untouched', async () => {
    const error = Object.freeze(denied());
    await expect(run(error)).rejects.toBe(error);
    expect(error.message).toBe(DENIED_MESSAGE);
    expect(whydeniedOf(error)).toBeUndefined();
  });

  it('undoes everything when the message cannot be set', async () => {
    const error = denied();
    Object.defineProperty(error, 'message', { value: DENIED_MESSAGE, writable: false });
    await expect(run(error)).rejects.toBe(error);
    expect(error.message).toBe(DENIED_MESSAGE);
    expect(whydeniedOf(error)).toBeUndefined();
  });

  it('rethrows an error whose getters throw', async () => {
    const error = {
      get name(): string {
        throw new Error('boom');
      },
      Code: 'AccessDenied',
      get message(): string {
        throw new Error('boom');
      },
    };
    await expect(run(error)).rejects.toBe(error);
  });

  it('goes by the error name or code only: other errors are not parsed, whatever their message says', async () => {
    const error = Object.assign(new Error(DENIED_MESSAGE), { name: 'ValidationException' });
    await expect(run(error)).rejects.toBe(error);
    expect(error.message).toBe(DENIED_MESSAGE);
    expect(whydeniedOf(error)).toBeUndefined();
  });

  it('recognises the code of query-protocol and EC2 errors', async () => {
    for (const code of ['AccessDenied', 'UnauthorizedOperation', 'Client.UnauthorizedOperation']) {
      const error = Object.assign(new Error(DENIED_MESSAGE), { name: 'Error', Code: code });
      await expect(run(error)).rejects.toBe(error);
      expect(whydeniedOf(error)?.request?.action).toBe('connect:StartChatContact');
    }
  });

  it('explains a denial that was already explained only once', async () => {
    const error = denied();
    await expect(run(error)).rejects.toBe(error);
    await expect(run(error)).rejects.toBe(error);
    expect(lines(error.message)).toHaveLength(1);
  });

  it('uses the command name when the message names no action', async () => {
    const error = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    await expect(run(error)).rejects.toBe(error);
    expect(lines(error.message)[0]).toMatch(/^\[whydenied\] StartChatContact /);
  });
});
