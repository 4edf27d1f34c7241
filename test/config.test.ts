// WORKFLOW_VERSION (README "Settings"): the workflow version new cases open under, checked at start.
import { ConfigError, loadConfig } from '../src/config';

describe('WORKFLOW_VERSION', () => {
  it('defaults to 1 (every trigger follows the ladder) and takes 2 (trigger-dependent paths)', () => {
    expect(loadConfig({}).workflow.workflowVersion).toBe(1);
    expect(loadConfig({ WORKFLOW_VERSION: '2' }).workflow.workflowVersion).toBe(2);
  });

  it('refuses a version that does not exist, naming the setting', () => {
    expect(() => loadConfig({ WORKFLOW_VERSION: '3' })).toThrow(ConfigError);
    expect(() => loadConfig({ WORKFLOW_VERSION: 'two' })).toThrow(/WORKFLOW_VERSION/);
  });
});
