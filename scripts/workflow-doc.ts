// docs/workflow.md's tables, written from the code that runs the workflow: the steps and their phases from
// src/domain/workflow.ts, who may issue each command from its rules and src/domain/permissions.ts, the words
// from the cards' labels and the buttons from the verb catalog. `npm run docs:workflow` rewrites them;
// test/ship/workflowDoc.test.ts fails when the document and the code disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { DEFAULT_SETTINGS, STEPS, TRIGGERS, WORKFLOWS } from '../src/domain';
import type { Workflow } from '../src/domain';
import { PERMIT_WORDS } from '../src/domain/permissions';
import { PHASE_TEXT, SLOT_LABELS, STEP_NAMES, TRIGGER_LABELS } from '../src/teams/cards/labels';
import { COMMAND_VERBS } from '../src/teams/verbs';

export const WORKFLOW_DOC = join(__dirname, '..', 'docs', 'workflow.md');

function list(words: string[]): string {
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words.at(-1)}` : (words[0] ?? '');
}

function stepsTable(wf: Workflow): string {
  const rows = STEPS.map((step) => {
    const rule = wf.steps[step];
    const phases = Object.entries(rule.phases).map(([phase, p]) => {
      const waits = p?.waitingOn ? `waits on the ${SLOT_LABELS[p.waitingOn]}, due in ${DEFAULT_SETTINGS.dueBusinessDays[step]} business days` : 'nothing due';
      return `\`${phase}\`${phase === rule.entry ? ' (first)' : ''}: ${PHASE_TEXT[phase as keyof typeof PHASE_TEXT].replace(/^\w/, (c) => c.toLowerCase())}; ${waits}`;
    });
    return `| ${STEP_NAMES[step]} (\`${step}\`) | ${SLOT_LABELS[rule.owner]} | ${phases.join('<br>')} |`;
  });
  const levels = wf.stepForLevel.map((s, i) => `strike ${i + 1}: ${STEP_NAMES[s]}`).join(', ');
  return [`On the plain ladder each strike enters a step (${levels}); later strikes keep the step. Trigger paths may differ (above).`, '', '| step | owner | phases (in order) |', '| --- | --- | --- |', ...rows].join('\n');
}

function commandsTable(wf: Workflow): string {
  const rows = (Object.keys(COMMAND_VERBS) as (keyof typeof COMMAND_VERBS)[])
    .filter((verb): verb is Exclude<typeof verb, 'flag'> => verb !== 'flag')
    .map((verb) => {
      const where = wf.commands[verb].map((r) => {
        const at = r.step === '*' ? 'any step' : `${STEP_NAMES[r.step]}${r.phases ? ` (${r.phases.map((p) => `\`${p}\``).join(', ')})` : ''}`;
        return `${at}: ${list(r.by.map((p) => PERMIT_WORDS[p]))}`;
      });
      return `| \`${verb}\` | ${COMMAND_VERBS[verb].kind} | ${where.join('<br>')} |`;
    });
  return ['| command | kind | where, and who may issue it |', '| --- | --- | --- |', '| `flag` | side | any partner, any time: anyone in the tenant |', ...rows].join('\n');
}

const INPUT_WORDS = { revenue: 'the revenue at risk' } as const;

/** Per trigger: the step its strikes enter at levels 1 to 3, who is told at once, what the steps ask for. */
function pathsTable(wf: Workflow): string {
  const rows = TRIGGERS.map((t) => {
    const path = wf.paths[t];
    const ladder = [1, 2, 3].map((level) => STEP_NAMES[path.ladder[Math.min(level, path.ladder.length) - 1]!]);
    const tell = path.tell.map((slot) => `the ${SLOT_LABELS[slot]}`).join(', ') || '—';
    const asks = Object.entries(path.asks).map(([step, inputs]) => `${STEP_NAMES[step as keyof typeof STEP_NAMES]}: ${(inputs ?? []).map((i) => INPUT_WORDS[i]).join(', ')}`);
    return `| ${TRIGGER_LABELS[t]} (\`${t}\`) | ${ladder.join(' | ')} | ${tell} | ${asks.join('<br>') || '—'} |`;
  });
  return ['| trigger | strike 1 | strike 2 | strike 3 | told at once | the steps also ask for |', '| --- | --- | --- | --- | --- | --- |', ...rows].join('\n');
}

/** Every version, oldest first: what it changes, and its trigger paths. */
function versionsSection(versions: readonly Workflow[]): string {
  return versions
    .map((wf) => [`### Version ${wf.version}${wf.version === DEFAULT_SETTINGS.workflowVersion ? ' (the default)' : ''}`, '', wf.summary, '', pathsTable(wf)].join('\n'))
    .join('\n\n');
}

/**
 * A table drawn per version; versions that draw the same table share it ("Every version (1, 2): …"), so the
 * document shows a difference exactly where the versions differ.
 */
function perVersion(versions: readonly Workflow[], pick: (wf: Workflow) => unknown, draw: (wf: Workflow) => string): string {
  const groups: Workflow[][] = [];
  for (const wf of versions) {
    const group = groups.find((g) => isDeepStrictEqual(pick(g[0]!), pick(wf)));
    if (group) group.push(wf);
    else groups.push([wf]);
  }
  if (groups.length === 1) return [`Every version (${versions.map((v) => v.version).join(', ')}):`, '', draw(versions[0]!)].join('\n');
  return groups.map((g) => [`Version${g.length > 1 ? 's' : ''} ${g.map((v) => v.version).join(', ')}:`, '', draw(g[0]!)].join('\n')).join('\n\n');
}

/** The generated blocks, by name, from every workflow version (src/domain/workflow.ts). */
export function generatedSections(): Record<string, string> {
  const versions = Object.values(WORKFLOWS).sort((a, b) => a.version - b.version);
  return {
    versions: versionsSection(versions),
    steps: perVersion(versions, (wf) => [wf.steps, wf.stepForLevel], stepsTable),
    commands: perVersion(versions, (wf) => wf.commands, commandsTable),
  };
}

const BLOCK = /<!-- generated: (\w+) -->\n[\s\S]*?<!-- \/generated -->/g;

/** The document with each generated block written afresh. */
export function renderWorkflowDoc(text: string): string {
  const sections = generatedSections();
  return text.replace(BLOCK, (_all, name: string) => {
    const body = sections[name];
    if (body === undefined) throw new Error(`docs/workflow.md names a generated block "${name}" that the script does not make`);
    return `<!-- generated: ${name} -->\n${body}\n<!-- /generated -->`;
  });
}

if (require.main === module) {
  const before = readFileSync(WORKFLOW_DOC, 'utf8');
  const after = renderWorkflowDoc(before);
  if (after !== before) writeFileSync(WORKFLOW_DOC, after);
  console.log(after === before ? 'docs/workflow.md is up to date.' : 'Rewrote the generated tables in docs/workflow.md.');
}
