/** No statement allows StartChatContact on every resource (`*`, every instance, or NotResource). */
import { defineDoctorCheck, doctorMessage, statementNames, statementsData, type Statements } from '../check.js';

/** A Resource that names every instance (or everything): `*`, `arn:aws:connect:*:*:*`, `…:instance/*`. */
function isStar(resource: string): boolean {
  return resource === '*' || /^arn:[^:]*:connect:[^:]*:[^:]*:(\*|instance\/\*)$/.test(resource) || /^arn:\*(:\*)*$/.test(resource);
}

export const chatResourceStar = defineDoctorCheck({
  meta: {
    id: 'chat-resource-star',
    title: 'No Resource "*" on the chat statement',
    summary: 'no Resource "*" on the chat statement',
    docs: 'docs/doctor/chat-resource-star.md',
    severity: 'fail',
    messages: {
      scoped: doctorMessage((d: Statements, w) => ({ message: `The statements allowing StartChatContact name specific resources (${w.qs(statementNames(d))}).` })),
      noStatement: doctorMessage((_: Statements) => ({ message: 'No statement allows StartChatContact, so none allows it on "*".' })),
      star: doctorMessage((d: Statements, w) => ({
        message: `${w.qs(statementNames(d))} allow${statementNames(d).length === 1 ? 's' : ''} StartChatContact on every resource ("*" or NotResource).`,
        fix: 'Name the flow: "Resource": "arn:aws:connect:REGION:ACCOUNT:instance/INSTANCE_ID/contact-flow/FLOW_ID" (or …/contact-flow/* for every flow of the instance).',
      })),
    },
  },
  run({ statements }) {
    const star = statements.filter((s) => s.notResource || s.resources.some(isStar));
    if (star.length === 0) return [{ severity: 'pass', messageId: statements.length === 0 ? 'noStatement' : 'scoped', data: statementsData(statements) }];
    return [{ severity: 'fail', messageId: 'star', data: statementsData(star) }];
  },
});
