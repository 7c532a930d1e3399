/**
 * Lookups keyed by input. Actions, event names, policy variables, CloudFormation logical IDs and context
 * keys can be `constructor`, `__proto__` or `toString`: on a plain object, `o[key]` finds Object.prototype's
 * members and `o[key] = v` with `__proto__` changes the prototype. These read and write own properties only
 * (eslint/no-member-lookup.js forbids the plain forms).
 */

/**
 * `Object.hasOwn`'s older spelling, as `hasOwn.call(record, key)`: V8 makes it cheaper, inside `for...in`
 * above all (half the time of `Object.hasOwn` there, measured on the parser's hot loops).
 */
export const hasOwn = Object.prototype.hasOwnProperty;

/** `record[key]` if it is the record's own property, else undefined. */
export function own<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && hasOwn.call(record, key) ? record[key] : undefined;
}

/** `record[key] = value` as an own property, even for `__proto__`. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, writable: true, enumerable: true, configurable: true });
}
