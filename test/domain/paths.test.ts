// Trigger-dependent paths and workflow versions (docs/workflow.md#trigger-paths, #versions): where a strike goes
// depends on its triggers under the case's own version, and a case keeps the version it opened under.
import type { WorkflowSettings } from '../../src/domain';
import { DEFAULT_SETTINGS, replay } from '../../src/domain';
import { P, Scenario, cmd, plusDays, recipients, told } from './builders';

const V1: WorkflowSettings = { ...DEFAULT_SETTINGS, workflowVersion: 1 };
const V2: WorkflowSettings = { ...DEFAULT_SETTINGS, workflowVersion: 2 };

const where = (s: Scenario) => `${s.case.step}/${s.case.phase}`;

describe('version 1 (the default): every trigger follows the ladder', () => {
  it('opens a misaligned-values flag at the IC reset, and the GM hears nothing', () => {
    const s = new Scenario();
    const opened = s.open(P.ivy, ['misaligned-values']);
    expect(s.case.workflowVersion).toBe(1);
    expect(where(s)).toBe('ic-reset/attempt');
    expect(recipients(opened.notices, 'told-at-once')).toEqual([]);
    expect(told(opened.notices)).not.toContain(`your-turn -> ${P.gina}`);
  });

  it('logs a profitability reset attempt without revenue figures', () => {
    const s = new Scenario({ settings: V1 });
    s.open(P.ivy, ['profitability']);
    s.do(P.ivy, cmd.logAttempt());
    expect(where(s)).toBe('ic-reset/approval');
    expect(s.case.riskDraft).toBeUndefined();
  });
});

describe('version 2: trigger-dependent paths', () => {
  it('sends a first misaligned-values flag straight to the VP review and tells the GM at once', () => {
    const s = new Scenario({ settings: V2 });
    const opened = s.open(P.ivy, ['misaligned-values']);
    expect(s.case.workflowVersion).toBe(2);
    expect(where(s)).toBe('vp-review/risk');
    expect(s.case.level).toBe(1);
    expect(recipients(opened.notices, 'told-at-once')).toEqual([P.gina]);
    expect(recipients(opened.notices, 'flag-raised')).toEqual([P.manny]);
    // The VP owns the new step; the manager drafts the risk first.
    expect(recipients(opened.notices, 'your-turn')).toEqual([P.vera]);
  });

  it('takes the furthest path when a flag names several triggers', () => {
    const s = new Scenario({ settings: V2 });
    s.open(P.ivy, ['poor-communication', 'misaligned-values']);
    expect(where(s)).toBe('vp-review/risk');
  });

  it('moves an IC-reset case to the VP review when a misaligned-values strike comes in', () => {
    const s = new Scenario({ settings: V2 });
    s.open(P.ivy, ['misaligned-expectations']);
    expect(where(s)).toBe('ic-reset/attempt');
    s.later(48);
    const second = s.do(P.ian, cmd.flag(['misaligned-values']));
    expect(s.case.level).toBe(2);
    expect(where(s)).toBe('vp-review/risk');
    expect(recipients(second.notices, 'told-at-once')).toEqual([P.gina]);
  });

  it('follows the plain ladder for the other triggers and for "escalate now"', () => {
    const s = new Scenario({ settings: V2 });
    s.open(P.ivy, ['poor-communication']);
    expect(where(s)).toBe('ic-reset/attempt');
    s.do(P.manny, cmd.escalateNow());
    expect(where(s)).toBe('manager-reset/attempt');
  });

  it('asks a profitability case for the revenue at risk from the first strike, and the VP review starts from it', () => {
    const s = new Scenario({ settings: V2 });
    s.open(P.ivy, ['profitability']);
    expect(s.rejects(P.ivy, cmd.logAttempt())).toBe('INPUT.INVALID');
    expect(s.rejects(P.ivy, { ...cmd.logAttempt(), amount: 120_000 })).toBe('INPUT.INVALID');
    s.do(P.ivy, { ...cmd.logAttempt(), amount: 120_000, currency: 'EUR' });
    expect(where(s)).toBe('ic-reset/approval');
    expect(s.case.riskDraft).toMatchObject({ amount: 120_000, currency: 'EUR', by: P.ivy });

    // Strike 2: the manager's reset asks for the figures too.
    s.do(P.manny, cmd.escalateNow());
    expect(where(s)).toBe('manager-reset/attempt');
    expect(s.rejects(P.manny, cmd.logAttempt())).toBe('INPUT.INVALID');
    s.do(P.manny, { ...cmd.logAttempt(), amount: 150_000, currency: 'EUR' });
    s.do(P.manny, cmd.escalateNow());
    expect(where(s)).toBe('vp-review/risk');
    expect(s.case.riskDraft).toMatchObject({ amount: 150_000, currency: 'EUR', by: P.manny });
    // The VP can confirm the figures the case already holds.
    s.do(P.vera, cmd.confirmRisk(150_000, 'EUR', []));
    expect(where(s)).toBe('vp-review/gm-meeting');
  });

  it('stops asking for revenue once the profitability flag is withdrawn', () => {
    const s = new Scenario({ settings: V2 });
    s.open(P.ivy, ['poor-communication']);
    // Ian adds profitability to the same event (an overlapping trigger within a day joins the strike).
    s.later(1).do(P.ian, cmd.flag(['poor-communication', 'profitability']));
    expect(s.case.flags.map((f) => f.merged)).toEqual([false, true]);
    expect(s.rejects(P.ivy, cmd.logAttempt())).toBe('INPUT.INVALID');
    s.do(P.ian, cmd.withdraw(s.case.flags[1]!.flagId));
    s.do(P.ivy, cmd.logAttempt());
    expect(where(s)).toBe('ic-reset/approval');
  });
});

describe('a case keeps the workflow version it opened under', () => {
  it('finishes an old case on version 1 after the ladder changed to version 2, while a new case follows version 2', () => {
    const settings: WorkflowSettings = { ...V1 };
    const contoso = new Scenario({ settings, partnerId: 'contoso' });
    contoso.open(P.ivy, ['misaligned-expectations']);
    expect(contoso.case.workflowVersion).toBe(1);

    // The ladder changes: new cases open under version 2.
    settings.workflowVersion = 2;
    const fabrikam = new Scenario({ settings, partnerId: 'fabrikam' });
    const opened = fabrikam.open(P.ian, ['misaligned-values']);
    expect(fabrikam.case.workflowVersion).toBe(2);
    expect(`${fabrikam.case.step}/${fabrikam.case.phase}`).toBe('vp-review/risk');
    expect(recipients(opened.notices, 'told-at-once')).toEqual([P.gina]);

    // The old case: a misaligned-values strike climbs the version 1 ladder (manager reset, not the VP) and nobody
    // is told at once; it goes on to close as version 1 does.
    contoso.later(48);
    const second = contoso.do(P.ian, cmd.flag(['misaligned-values']));
    expect(contoso.case.workflowVersion).toBe(1);
    expect(where(contoso)).toBe('manager-reset/attempt');
    expect(recipients(second.notices, 'told-at-once')).toEqual([]);
    contoso.do(P.manny, cmd.logAttempt());
    contoso.do(P.manny, cmd.continue());
    contoso.tick(plusDays(contoso.now, DEFAULT_SETTINGS.quietPeriodDays + 1));
    expect(contoso.case.status).toBe('closed');
    expect(contoso.case.outcome).toBe('resolved');
    expect(contoso.case.workflowVersion).toBe(1);
    // Rebuilt from its events, the old case is still a version 1 case.
    expect(replay(contoso.caseEvents())).toEqual(contoso.case);

    // The next case of the same partner is new, so it opens under version 2.
    contoso.later(24).do(P.ivy, cmd.flag(['misaligned-values']));
    expect(contoso.case.caseNo).toBe(2);
    expect(contoso.case.workflowVersion).toBe(2);
    expect(where(contoso)).toBe('vp-review/risk');
  });
});
