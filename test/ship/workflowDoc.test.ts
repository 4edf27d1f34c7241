// docs/workflow.md is the workflow as the code runs it: its tables are the code's (npm run docs:workflow).
import { readFileSync } from 'node:fs';
import { WORKFLOW_DOC, renderWorkflowDoc } from '../../scripts/workflow-doc';
import { COMMAND_VERBS } from '../../src/teams/verbs';
import { STEPS } from '../../src/domain';

describe('docs/workflow.md', () => {
  const doc = readFileSync(WORKFLOW_DOC, 'utf8');

  it('has the steps and permissions tables the code would write (run npm run docs:workflow after changing them)', () => {
    expect(renderWorkflowDoc(doc)).toBe(doc);
  });

  it('names every step and every command', () => {
    for (const step of STEPS) expect(doc).toContain(`\`${step}\``);
    for (const verb of Object.keys(COMMAND_VERBS)) expect(doc).toContain(`\`${verb}\``);
  });

  it('is where code comments point, and every section they name exists', () => {
    const sections = new Set([...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]!.toLowerCase().replace(/[^a-z0-9]+/g, '-')));
    const { execSync } = require('node:child_process') as typeof import('node:child_process');
    const refs = execSync('git grep -h -o "docs/workflow.md#[a-z-][a-z-]*" -- src scripts test', { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(refs.length).toBeGreaterThan(5);
    for (const ref of refs) expect({ ref, exists: sections.has(ref.split('#')[1]!) }).toEqual({ ref, exists: true });
  });
});
