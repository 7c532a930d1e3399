/**
 * The actions, cut into classes by the Action and NotAction patterns of the policies compared: for each
 * service a pattern names, its catalog actions grouped by the patterns that match them, plus the names AWS
 * may add later that some wildcard reaches (found exactly: the patterns' automata run against a trie of
 * the service's catalog names); for every other service, one catalog action stands for all (only patterns
 * such as `*` reach them, and they reach them all alike).
 */
import { actionNames as catalogActionNames, serviceKeys, supportsRcp } from '../catalog/index.js';
import { compileWildcard } from '../policy/wildcard.js';
import { alphabetOf, anyOne, anyRun, patternAutomaton, wildcardTokens } from './automaton.js';

export interface ActionClass {
  /** `service:Action`, as the catalog spells it (for a future action, a name the catalog does not have). */
  readonly action: string;
  /** Not in the catalog: an action AWS may add later. */
  readonly future: boolean;
}

const MATCH_ALL = /^\*+(:\*+)?$/;

const names = new Map<string, readonly string[]>();
/** The catalog's action names of a service (kept: the catalog rebuilds the list on every call). */
function actionNames(service: string): readonly string[] {
  let list = names.get(service);
  if (!list) names.set(service, (list = catalogActionNames(service)));
  return list;
}

function serviceOf(pattern: string): string {
  const colon = pattern.indexOf(':');
  return colon < 0 ? pattern : pattern.slice(0, colon);
}

/**
 * Catalog actions of one service with one example per combination of matching patterns (lowercase). A
 * pattern that matches every action of the service tells none apart, and one without wildcards matches
 * its own name only: only the others need their matcher.
 */
function catalogClasses(service: string, patterns: readonly string[]): ActionClass[] {
  const everyAction = (p: string) => MATCH_ALL.test(p) || (serviceOf(p) === service && /^\*+$/.test(p.slice(p.indexOf(':') + 1)));
  const exact = new Set(patterns.filter((p) => !/[*?]/.test(p)));
  const wild = patterns.filter((p) => /[*?]/.test(p) && !everyAction(p)).map((p) => compileWildcard(p));
  const seen = new Set<string>();
  const out: ActionClass[] = [];
  for (const name of actionNames(service)) {
    const action = `${service}:${name}`;
    const lower = action.toLowerCase();
    let sig = exact.has(lower) ? lower : '';
    for (const m of wild) sig += m.matches(lower) ? '1' : '0';
    if (seen.has(sig)) continue;
    seen.add(sig);
    out.push({ action, future: false });
  }
  return out;
}

/**
 * Names the catalog does not have that reach a combination of patterns: the patterns' product automaton
 * after `service:`, each state searched (breadth first, bounded) for a name the catalog lacks. A state on
 * or after a cycle, or after a character no pattern names, is reached by infinitely many names, so the
 * search finds one at once; other states by finitely many, all of which the search tries.
 */
function futureClasses(service: string, patterns: readonly string[]): ActionClass[] {
  const catalog = new Set(actionNames(service).map((n) => `${service}:${n}`.toLowerCase()));
  const tokens = [...patterns.map((p) => wildcardTokens(p)), [...wildcardTokens(`${service}:`), anyOne, anyRun]];
  const alphabet = alphabetOf(tokens);
  const other = alphabet.length - 1;
  const automata = tokens.map((t) => patternAutomaton(t, alphabet));
  const prefix = `${service}:`;
  const index = new Map(alphabet.map((c, i) => [c, i]));
  let start = automata.map((a) => a.start);
  for (const c of prefix) start = start.map((s, i) => automata[i]!.step(s, index.get(c) ?? other));
  // The product graph, breadth first.
  const ids = new Map<string, number>([[start.join(','), 0]]);
  const states = [start];
  const text = [prefix];
  const edges: [number, number][][] = [];
  // Symbols no live automaton names step alike (as the alphabet's last one does): stepped once per state.
  const namedAt = new Int32Array(alphabet.length).fill(-1);
  for (let id = 0; id < states.length; id++) {
    const out: [number, number][] = [];
    const from = states[id]!;
    if (from.some((s) => s >= 0)) {
      from.forEach((s, i) => {
        if (s >= 0) for (const symbol of automata[i]!.distinct?.(s) ?? alphabet.keys()) namedAt[symbol] = id;
      });
      let unnamed: number | undefined;
      for (let symbol = 0; symbol < alphabet.length; symbol++) {
        if (namedAt[symbol] !== id && unnamed !== undefined) {
          out.push([symbol, unnamed]);
          continue;
        }
        const next = from.map((s, i) => automata[i]!.step(s, symbol));
        const key = next.join(',');
        let to = ids.get(key);
        if (to === undefined) {
          to = states.length;
          ids.set(key, to);
          states.push(next);
          text.push(text[id]! + alphabet[symbol]!);
        }
        if (namedAt[symbol] !== id) unnamed = to;
        out.push([symbol, to]);
      }
    }
    edges.push(out);
    if (states.length > 20_000) return [];
  }
  // Reverse reachability, to search names of one state only where they can still reach it.
  const into: number[][] = states.map(() => []);
  edges.forEach((out, id) => {
    for (const [, to] of out) into[to]!.push(id);
  });
  const canReach = (target: number): boolean[] => {
    const ok = states.map((_, id) => id === target);
    const stack = [target];
    while (stack.length > 0) {
      for (const from of into[stack.pop()!]!) {
        if (!ok[from]) {
          ok[from] = true;
          stack.push(from);
        }
      }
    }
    return ok;
  };
  /** A name reaching `target` that the catalog does not have (breadth first, bounded). */
  const futureName = (target: number): string | undefined => {
    const ok = canReach(target);
    const queue: [number, string][] = [[0, prefix]];
    for (let head = 0; head < queue.length && head < 5_000; head++) {
      const [id, name] = queue[head]!;
      if (id === target && !catalog.has(name)) return name;
      for (const [symbol, to] of edges[id]!) if (ok[to] && name.length < prefix.length + 40) queue.push([to, name + alphabet[symbol]!]);
    }
    return undefined;
  };
  const named = automata.length - 1;
  const out = new Map<string, string>();
  // Readable names first: each wildcard pattern with its wildcards filled in.
  for (const p of [...patterns.filter((q) => q.startsWith(prefix)).map((q) => q.replace(/\*/g, 'newaction').replace(/\?/g, 'x')), `${prefix}newaction`]) {
    if (catalog.has(p)) continue;
    let st = start;
    for (const c of p.slice(prefix.length)) st = st.map((s, i) => automata[i]!.step(s, index.get(c) ?? other));
    const accepted = st.slice(0, patterns.length).map((s, i) => automata[i]!.accepts(s));
    if (automata[named]!.accepts(st[named]!) && accepted.some(Boolean)) {
      const sig = accepted.map((a) => (a ? '1' : '0')).join('');
      if (!out.has(sig)) out.set(sig, p);
    }
  }
  for (let id = 0; id < states.length; id++) {
    const st = states[id]!;
    if (!automata[named]!.accepts(st[named]!)) continue;
    const accepted = st.slice(0, patterns.length).map((s, i) => automata[i]!.accepts(s));
    if (!accepted.some(Boolean)) continue;
    const sig = accepted.map((a) => (a ? '1' : '0')).join('');
    if (out.has(sig)) continue;
    const example = !catalog.has(text[id]!) ? text[id]! : futureName(id);
    if (example !== undefined) out.set(sig, example);
  }
  return [...out.values()].map((action) => ({ action, future: true }));
}

export interface ActionClasses {
  readonly classes: readonly ActionClass[];
}

const classCache = new Map<string, ActionClasses>();

/**
 * The action classes for these patterns (as written; matching is case-insensitive). Kept per pattern set:
 * explain proves a fix and its alternative against the same patterns, and a proof never changes.
 */
export function actionClasses(patternsWritten: readonly string[]): ActionClasses {
  const patterns = [...new Set(patternsWritten.map((p) => p.toLowerCase()))].sort();
  const key = patterns.join('\n');
  let classes = classCache.get(key);
  if (!classes) {
    if (classCache.size >= 64) classCache.clear();
    classCache.set(key, (classes = computeActionClasses(patterns)));
  }
  return classes;
}

function computeActionClasses(patterns: readonly string[]): ActionClasses {
  const wildServices = patterns.filter((p) => /[*?]/.test(serviceOf(p)));
  const everyService = wildServices.some((p) => !MATCH_ALL.test(p));
  const named = new Set(patterns.map(serviceOf).filter((s) => !/[*?]/.test(s)));
  const all = serviceKeys();
  const services = everyService ? all : all.filter((s) => named.has(s));
  const out: ActionClass[] = [];
  for (const service of services) {
    // A pattern whose service part is another literal service never matches this service's actions (a
    // wildcard before the colon may cross it, so such patterns always count).
    const reaching = patterns.filter((p) => {
      const s = serviceOf(p);
      return s === service || /[*?]/.test(s);
    });
    out.push(...catalogClasses(service, reaching));
    // Only patterns that name the service can tell a future action from a catalog one.
    const own = patterns.filter((p) => {
      const s = serviceOf(p);
      return s === service || (/[*?]/.test(s) && compileWildcard(s).matches(service));
    });
    if (own.some((p) => /[*?]/.test(p) && !MATCH_ALL.test(p))) out.push(...futureClasses(service, own));
  }
  if (!everyService) {
    // Every other service: one action stands for all, one whose service RCPs cover and one whose they do not.
    const others = all.filter((s) => !named.has(s));
    const rcp = others.find((s) => supportsRcp(s));
    const noRcp = others.find((s) => !supportsRcp(s));
    for (const s of [rcp, noRcp]) {
      const first = s === undefined ? undefined : actionNames(s)[0];
      if (first !== undefined) out.push({ action: `${s}:${first}`, future: false });
    }
  }
  return { classes: out };
}
