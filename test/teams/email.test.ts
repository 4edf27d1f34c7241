// The stakeholder email honours corrections (issue 12): a corrected flag shows its corrected triggers and evidence,
// not what it first said; a withdrawn flag and the evidence a correction replaced do not appear.
import { draftEmail } from '../../src/teams/email';
import type { PartnerRecord, Person } from '../../src/storage/ports';
import { P, Scenario, cmd, evidence } from '../domain/builders';

const PARTNER: PartnerRecord = { partnerId: 'contoso', name: 'Contoso', aliases: [], salesDirectors: [P.sam], archived: false, createdAt: '2025-01-01T00:00:00.000Z', createdBy: P.ada };
const PEOPLE = new Map<string, Person>(Object.entries({ ivy: 'Ivy Chen', ian: 'Ian Price', manny: 'Manny Ortiz' }).map(([id, name]) => [id, { userId: id, name, roles: [] } as Person]));

describe('the stakeholder email', () => {
  it('shows corrected evidence in place of the original, and leaves withdrawn flags out', () => {
    const s = new Scenario();
    s.do(P.ivy, cmd.flag(['misaligned-expectations'], { evidence: [evidence('ORIGINAL: they asked for a 2-day turnaround')] }));
    s.do(P.ivy, cmd.addEvidence([evidence('ADDED BEFORE: the follow-up email')]));
    s.do(P.ivy, cmd.correct(s.case.flags[0]!.flagId, ['poor-communication'], [evidence('CORRECTED: no answer to three emails')]));
    s.do(P.ivy, cmd.addEvidence([evidence('ADDED AFTER: a fourth email unanswered')]));
    s.later(48);
    s.do(P.ian, cmd.flag(['resource-mismatch'], { newOccurrence: true, evidence: [evidence('WITHDRAWN: juniors on the project')] }));
    s.do(P.ian, cmd.withdraw(s.case.flags[1]!.flagId));

    const { body } = draftEmail('stakeholder', s.case, PARTNER, s.caseEvents(), PEOPLE);
    expect(body).toContain('CORRECTED: no answer to three emails');
    expect(body).toContain('ADDED AFTER: a fourth email unanswered');
    expect(body).toMatch(/Ivy Chen flagged poor.communication \(strike 1, corrected\)/i);
    expect(body).not.toContain('ORIGINAL');
    expect(body).not.toContain('ADDED BEFORE');
    expect(body).not.toContain('WITHDRAWN');
    expect(body).not.toMatch(/misaligned/i);
  });
});
