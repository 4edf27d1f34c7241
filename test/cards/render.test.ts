import { existsSync } from 'node:fs';
import path from 'node:path';
import fs from 'node:fs';
import {
  ADAPTIVE_CARD_CONTENT_TYPE,
  CARDS_DIR,
  CardTemplateError,
  cardAttachment,
  cardInvokeResponse,
  clearTemplateCache,
  expandCard,
  renderCard,
  templateNames,
} from '../../src/teams/cards/render';
import { IDS, stories } from './support/fixtures';
import { optsFor } from './support/samples';
import { caseCardData } from '../../src/teams/cards/case';
import { movedOnCard } from '../../src/teams/cards/movedOn';
import { noticeCard, noticeData } from '../../src/teams/cards/notice';
import { viewOf } from './support/views';

describe('renderCard()', () => {
  it('reads templates from cards/ at the project root', () => {
    expect(CARDS_DIR).toBe(path.resolve(__dirname, '../../cards'));
    expect(existsSync(path.join(CARDS_DIR, 'case.json'))).toBe(true);
    expect(templateNames()).toEqual(expect.arrayContaining(['case', 'flag-form', 'history', 'notice']));
    expect(templateNames().some((n) => n.endsWith('.data'))).toBe(false);
  });

  it('expands with adaptivecards-templating and drops the properties a false $when leaves', () => {
    const card = renderCard('notice', noticeData({ message: 'Saved.' }));
    expect(card).toEqual({
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.5',
      body: [{ type: 'Container', style: 'default', items: [{ type: 'TextBlock', text: 'Saved.', wrap: true }] }],
    });
  });

  it('caches each template once', () => {
    clearTemplateCache();
    const spy = jest.spyOn(fs, 'readFileSync');
    noticeCard('one');
    noticeCard('two');
    noticeCard('three');
    expect(spy.mock.calls.filter(([file]) => String(file).endsWith('notice.json'))).toHaveLength(1);
    spy.mockRestore();
  });

  it('refuses names that are not cards, and missing templates, with a clear error', () => {
    expect(() => expandCard('../package', {})).toThrow(CardTemplateError);
    expect(() => expandCard('no-such-card', {})).toThrow(/Card "no-such-card": cannot load template/);
  });

  it('wraps cards for sending and for the Action.Execute invoke response', () => {
    const card = noticeCard('Done.', 'Saved', 'good');
    expect(cardAttachment(card)).toEqual({ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card });
    expect(cardInvokeResponse(card)).toEqual({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card });
  });

  it('renders "moved on" around the current card', () => {
    const story = stories.icWatching();
    const current = renderCard('case', caseCardData(viewOf(story.current, optsFor(story, IDS.manny))));
    const moved = movedOnCard(current, 'Someone approved this a moment ago.');
    expect(JSON.stringify(moved.body![0])).toContain('Someone approved this a moment ago.');
  });
});
