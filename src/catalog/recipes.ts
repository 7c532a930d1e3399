/** Named recipes for `whydenied policy` (data/recipes.json): data, not code, so they are easy to extend. */
import { readFileSync } from 'node:fs';

export interface Recipe {
  readonly description: string;
  readonly actions: readonly string[];
  readonly with?: Readonly<Record<string, { readonly description: string; readonly actions: readonly string[] }>>;
}

let recipes: Readonly<Record<string, Recipe>> | undefined;
/** Named recipes (data/recipes.json): easy to extend without code. */
export function loadRecipes(): Readonly<Record<string, Recipe>> {
  recipes ??= JSON.parse(readFileSync(new URL('../../data/recipes.json', import.meta.url), 'utf8')) as Record<string, Recipe>;
  return recipes;
}
