/** No statement allows StartChatContact on every resource (`*`, every instance, or NotResource). */
import { message } from '../../diagnosis/rule.js';
import { defineDoctorCheck, statementsData, type Statements } from '../check.js';

/** A Resource that names every instance (or everything): `*`, `arn:aws:connect:*:*:*`, `…:instance/*`. */
function isStar(resource: string): boolean {
  return resource === '*' || /^arn:[^:]*:connect:[^:]*:[^:]*:(\*|instance\/\*)$/.test(resource) || /^arn:\*(:\*)*$/.test(resource);
}

export const chatResourceStar = defineDoctorCheck({
  meta: { id: 'chat-resource-star', title: 'No Resource "*" on the chat statement', docs: 'docs/commands/doctor.md', severity: 'fail', messages: { scoped: message<Statements>(), noStatement: message<Statements>(), star: message<Statements>() } },
  run({ statements }) {
    const star = statements.filter((s) => s.notResource || s.resources.some(isStar));
    if (star.length === 0) return [{ severity: 'pass', messageId: statements.length === 0 ? 'noStatement' : 'scoped', data: statementsData(statements) }];
    return [{ severity: 'fail', messageId: 'star', data: statementsData(star) }];
  },
});
