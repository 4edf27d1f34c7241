// docs/workflow.md's tables, written from the code that runs the workflow: the steps and their phases from
// src/domain/workflow.ts, who may issue each command from its rules and src/domain/permissions.ts, the words
// from the cards' labels and the buttons from the verb catalog. `npm run docs:workflow` rewrites them;
// test/ship/workflowDoc.test.ts fails when the document and the code disagree.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, STEPS, WORKFLOW_V1 } from '../src/domain';
import type { Workflow } from '../src/domain';
import { PERMIT_WORDS } from '../src/domain/permissions';
import { PHASE_TEXT, SLOT_LABELS, STEP_NAMES } from '../src/teams/cards/labels';
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
  return [`Strikes enter steps by level (${levels}); higher levels keep the step.`, '', '| step | owner | phases (in order) |', '| --- | --- | --- |', ...rows].join('\n');
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

/** The generated blocks, by name. */
export function generatedSections(): Record<string, string> {
  return { steps: stepsTable(WORKFLOW_V1), commands: commandsTable(WORKFLOW_V1) };
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
