/** Human output about a collection (stderr of `collect`, `explain --live`, `doctor`): what was read, what could not be. */
import type { LiveScenarioFailure } from '../explain/live.js';
import type { Collected, UnreadableEntry } from '../live/collect.js';
import { liveErrorMessage } from './live-error.js';
import type { Style } from './style.js';
import { visible } from './visible.js';

/** Why `explain --live` (and the MCP `explain` tool's `live`) read nothing, in one line. */
export function liveScenarioFailureMessage(failure: LiveScenarioFailure): string {
  if (failure.messageId === 'needsRequest') return 'reading the policies from the account needs the principal and the action: give the AccessDenied message (or a scenario with a request)';
  return liveErrorMessage(failure);
}

/** One line per piece that could not be read, with the reason and whether it mattered. */
export function renderUnreadable(unreadable: readonly UnreadableEntry[], style: Style): string {
  if (unreadable.length === 0) return '';
  const lines = [`${style.bold('Could not read')} (${unreadable.length}):`];
  for (const u of unreadable) {
    const mark = u.mattered ? style.yellow('! matters') : style.dim('· no effect on the decision');
    lines.push(`  ${mark}  ${visible(u.what)}`, `      ${style.dim(visible(`${u.call === 'none' ? 'no API returns it' : u.call}: ${u.reason}`))}`);
  }
  if (unreadable.some((u) => u.mattered)) {
    lines.push(`  The decision could differ with what could not be read: grant the calls above (see \`whydenied policy --self\`) or give those policies as files.`);
  }
  return `${lines.join('\n')}\n`;
}

/** The summary `collect` prints to stderr: whose credentials, which principal, how many policies. */
export function renderCollected(collected: Collected, counts: { identity: number; boundary: boolean; scpLevels?: number; rcpLevels?: number }, style: Style): string {
  const parts = [
    `${counts.identity} identity polic${counts.identity === 1 ? 'y' : 'ies'}`,
    ...(counts.boundary ? ['a permissions boundary'] : []),
    ...(counts.scpLevels !== undefined ? [`SCPs at ${counts.scpLevels} organization level${counts.scpLevels === 1 ? '' : 's'}`] : []),
    ...(counts.rcpLevels !== undefined ? [`RCPs at ${counts.rcpLevels} level${counts.rcpLevels === 1 ? '' : 's'}`] : []),
  ];
  const who = collected.principal?.arn ?? 'the principal';
  const lines = [`${style.bold('Collected')} ${parts.join(', ')} for ${who}`, `  from account ${collected.account} as ${collected.caller} (${collected.calls} read-only calls, ${collected.time})`];
  const c = collected.connect;
  if (c) {
    const instance = c.instance.found === false ? `instance ${c.instance.id} ${style.red('not found')} in ${c.account} ${c.region}` : c.instance.found ? `instance ${c.instance.alias ?? c.instance.id} (${c.instance.status ?? 'status unknown'})` : `instance ${c.instance.id}`;
    const flow = c.flow ? (c.flow.found === false ? `, flow ${c.flow.id} ${style.red('not found')}` : c.flow.found ? `, flow "${c.flow.name ?? c.flow.id}" (${[c.flow.type, c.flow.state, c.flow.status].filter(Boolean).join(', ')})` : `, flow ${c.flow.id}`) : '';
    const logs = c.flowLogs === undefined ? '' : `, flow logs ${c.flowLogs ? 'on' : style.yellow('off')}`;
    lines.push(`  Amazon Connect: ${instance}${flow}${logs}`);
  }
  return `${lines.join('\n')}\n`;
}
