/**
 * Names from input (actions, event names, policy variables, CloudFormation keys, context keys, commands)
 * can be `constructor`, `__proto__` or `toString`: looked up on a plain object they find Object.prototype's
 * members. This rule (type-aware) forbids the two ways that happens:
 *   - `record[key]` where `key` is a string that is not a literal, on an object with a string index
 *     signature (Record<string, T>) or of type any/unknown-cast objects;
 *   - `key in object` where `key` is not a literal.
 * Use a Map, or `own`/`setOwn` (src/own.ts); a key known to be a literal (`as const` lists) is fine.
 */
import { ESLintUtils } from '@typescript-eslint/utils';
import ts from 'typescript';

const isStringLike = (type) =>
  type.isUnion() ? type.types.some(isStringLike) : (type.flags & (ts.TypeFlags.String | ts.TypeFlags.TemplateLiteral | ts.TypeFlags.StringMapping)) !== 0;

export default ESLintUtils.RuleCreator.withoutDocs({
  meta: {
    type: 'problem',
    messages: {
      index: 'a string key from input may be `constructor` or `__proto__`: use a Map, a null-prototype object, or check Object.hasOwn first',
      in: '`key in object` finds inherited members (`constructor`, `toString`): use Object.hasOwn or a Map',
    },
    schema: [],
  },
  defaultOptions: [],
  create(context) {
    const services = ESLintUtils.getParserServices(context);
    const checker = services.program.getTypeChecker();
    return {
      MemberExpression(node) {
        if (!node.computed || node.property.type === 'Literal') return;
        // Deleting only ever removes an own property.
        if (node.parent?.type === 'UnaryExpression' && node.parent.operator === 'delete') return;
        const key = services.getTypeAtLocation(node.property);
        if (!isStringLike(key)) return;
        const object = checker.getApparentType(checker.getNonNullableType(services.getTypeAtLocation(node.object)));
        if (checker.isArrayType(object) || checker.isTupleType(object)) return;
        if (object.getStringIndexType() === undefined && !(object.flags & ts.TypeFlags.Any)) return;
        // An own-member check right before (`Object.hasOwn(o, k) ? o[k] : ...`, or src/own.ts's `hasOwn.call(o, k)`) is fine.
        const parent = node.parent;
        if (parent?.type === 'ConditionalExpression' && parent.test !== node && /\b(Object\.hasOwn\(|hasOwn\.call\()/.test(context.sourceCode.getText(parent.test))) return;
        context.report({ node, messageId: 'index' });
      },
      BinaryExpression(node) {
        if (node.operator !== 'in' || node.left.type === 'Literal' || node.left.type === 'PrivateIdentifier') return;
        context.report({ node, messageId: 'in' });
      },
    };
  },
});
