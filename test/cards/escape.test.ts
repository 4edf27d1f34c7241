// User strings show literally on cards: no markdown, no HTML, no date functions, no template expressions.
// Teams renders TextBlocks as a CommonMark subset; markdown-it (CommonMark, with tables and strikethrough
// on) stands in for it here, so "literal" means: one plain paragraph per line, the same text, no markup.
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { escapeText, plainLine, plainText, truncate } from '../../src/teams/cards/escape';
import { expandCard } from '../../src/teams/cards/render';
import { IDS, PEOPLE, PARTNER, stories } from './support/fixtures';
import { optsFor } from './support/samples';
import { inputsOf } from '../support/cards';
import { caseCardData } from '../../src/teams/cards/case';
import { flagFormData } from '../../src/teams/cards/flagForm';
import { spotSuggestionData } from '../../src/teams/cards/spotSuggestion';
import { flagPostedData } from '../../src/teams/cards/flagPosted';
import { historyData } from '../../src/teams/cards/history';
import { resetApprovalData } from '../../src/teams/cards/resetApproval';
import { withdrawCorrectData } from '../../src/teams/cards/withdrawCorrect';
import { viewOf } from './support/views';

const md = new MarkdownIt('default', { html: false, linkify: false });
const mdHtml = new MarkdownIt('default', { html: true, linkify: true });

function decode(html: string): string {
  return html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

/** Render as Teams would and return the text per paragraph, failing on any markup but <p>. */
function shown(escaped: string, renderer = md): string[] {
  const html = renderer.render(escaped);
  const tags = [...html.matchAll(/<\/?([a-z0-9]+)[^>]*>/gi)].map((m) => m[1]!.toLowerCase());
  expect(tags.filter((t) => t !== 'p')).toEqual([]);
  return [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => decode(m[1]!));
}

function lines(input: string): string[] {
  return input
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
}

describe('escapeText()', () => {
  const attacks: [string, string][] = [
    ['a markdown link', '[Click to approve](https://evil.example/steal)'],
    ['an image', '![logo](https://evil.example/x.png)'],
    ['bold and italic', '**urgent** and _quiet_ and *star* and __double__'],
    ['code', '`rm -rf` and ```fenced```'],
    ['a heading', '# Not a fit'],
    ['a setext heading', 'Title\n====='],
    ['a quote', '> quoted'],
    ['lists', '- one\n+ two\n* three\n1. first\n2) second'],
    ['a rule', '---'],
    ['a table', '| a | b |\n|---|---|\n| 1 | 2 |'],
    ['strikethrough', '~~gone~~'],
    ['html', '<b>bold</b> <script>alert(1)</script> <img src=x onerror=alert(1)>'],
    ['an autolink', '<https://evil.example>'],
    ['entities', '&amp; &lt;b&gt; &#x41; &copy;'],
    ['backslashes', 'C:\\temp\\new \\*not emphasis\\*'],
    ['indented code', '    four spaces\n\ttab'],
    ['a hard break', 'line with two spaces  \nnext'],
    ['a template expression', '${$root.ctx.caseId} and ${json($root)}'],
    ['a date function', '{{DATE(2025-03-03T10:00:00Z, SHORT)}} {{TIME(2025-03-03T10:00:00Z)}}'],
    ['a mention tag', '<at>Everyone</at>'],
    ['numbers that are not lists', '3.14 is not 1. a list'],
    ['unicode', 'Café – 東京 – 🚩 – naïve'],
  ];

  it.each(attacks)('shows %s literally', (_what, input) => {
    expect(shown(escapeText(input))).toEqual(lines(input));
  });

  it('also literally when the renderer allows HTML and links bare URLs (a URL may become a link, showing itself)', () => {
    for (const [, input] of attacks) {
      const out = mdHtml.render(escapeText(input));
      for (const m of out.matchAll(/<a href="([^"]*)">([^<]*)<\/a>/g)) expect(decode(m[2]!)).toBe(decode(m[1]!));
      expect(out.replace(/<a href="[^"]*">[^<]*<\/a>/g, '')).not.toMatch(/<(a|img|script|b|em|strong|code|h\d|ul|ol|li|blockquote|table|hr|del|s|at)\b/i);
    }
  });

  it('neutralises ${ and {{ so no template or date function can form', () => {
    const out = escapeText('${x} {{DATE(2025-01-01T00:00:00Z)}}');
    expect(out).not.toMatch(/(?<!\\)\$\{/);
    expect(out).not.toMatch(/\{\{/);
  });

  it('any text at all shows literally (property)', () => {
    const alphabet = fc.constantFrom(...'ab 1.-+*_`#[]()!<>&|~$\\{}="\'\n\t:/é🚩'.split(''), '\r\n', '1. ', '- ', '> ', '    ');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 60 }).map((cs) => cs.join('')), (input) => {
        const html = md.render(escapeText(input));
        const tags = [...html.matchAll(/<\/?([a-z0-9]+)[^>]*>/gi)].map((m) => m[1]!.toLowerCase()).filter((t) => t !== 'p');
        if (tags.length) return false;
        const text = [...html.matchAll(/<p>([\s\S]*?)<\/p>/g)].map((m) => decode(m[1]!));
        return JSON.stringify(text) === JSON.stringify(lines(input));
      }),
      { numRuns: 3000 },
    );
  });

  it('drops control and bidi-override characters', () => {
    expect(escapeText('pay\u202Eevil\u0000 now')).toBe('payevil now');
    expect(plainText('a\u0007b\u2066c')).toBe('abc');
  });

  it('cuts long text at a limit, by character, before escaping', () => {
    expect(escapeText('*'.repeat(10), 5)).toBe('\\*\\*\\*\\*…');
    expect(truncate('🚩🚩🚩', 2)).toBe('🚩…');
    expect(plainLine('one\ntwo\r\nthree', 100)).toBe('one two three');
  });
});

describe('user strings on rendered cards', () => {
  const evil = {
    name: '[Contoso](https://evil.example) **${$root.ctx.caseId}** <b>x</b> {{DATE(2025-03-03T10:00:00Z, SHORT)}}',
    summary: "${concat('EVAL', 'UATED')} _x_ <script>alert(1)</script> ${json($root)}",
  };

  function texts(card: unknown): string[] {
    const out: string[] = [];
    (function walk(n: unknown) {
      if (Array.isArray(n)) n.forEach(walk);
      else if (n && typeof n === 'object') {
        const o = n as Record<string, unknown>;
        if (o.type === 'TextBlock' && typeof o.text === 'string') out.push(o.text);
        if (o.type === 'FactSet') for (const f of o.facts as { title: string; value: string }[]) out.push(f.title, f.value);
        Object.values(o).forEach(walk);
      }
    })(card);
    return out;
  }

  it('a partner name and evidence with template expressions are never evaluated, and show as typed', () => {
    const story = stories.icApproval();
    const people = { ...PEOPLE, [IDS.ivy]: { ...PEOPLE[IDS.ivy], name: evil.name } };
    const opts = { ...optsFor(story, IDS.manny), people, partnerName: evil.name, headline: evil.summary };
    const cards = [
      expandCard('case', caseCardData(viewOf(story.current, opts))),
      expandCard('reset-approval', resetApprovalData(viewOf(story.current, opts))),
      expandCard('flag-posted', flagPostedData(viewOf(story.current, opts))),
      expandCard('flag-form', flagFormData({ partnerId: PARTNER.partnerId, name: evil.name })),
    ];
    for (const card of cards) {
      const json = JSON.stringify(card);
      expect(json).not.toContain('EVALUATED');
      expect(json).not.toContain(story.current.caseId.replace(/-/g, '\\-') + '**');
      expect(json).not.toMatch(/"partnerId":"contoso","caseId":"contoso-0001","stage":\d+\}\s*\*\*/);
      for (const t of texts(card)) {
        expect(t).not.toMatch(/(?<!\\)\$\{/);
        shown(t.replace(/\*\*([^*]+)\*\*/g, '$1')); // our own bold aside, no markup from users
      }
    }
    const flagForm = JSON.stringify(cards[3]);
    expect(flagForm).toContain('\\\\[Contoso\\\\](https://evil.example) \\\\*\\\\*\\\\$\\\\{\\\\$root.ctx.caseId\\\\}');
  });

  it('a spotted message, its matched words and the partner show literally on the suggestion and in the dialog', () => {
    const suggestion = expandCard(
      'spot-suggestion',
      spotSuggestionData({
        partner: { partnerId: 'contoso', name: evil.name },
        triggers: ['poor-communication'],
        matched: [evil.summary],
        evidence: { kind: 'other', summary: evil.summary },
        text: evil.summary,
        where: 'in a channel',
        conversation: '19:sync@thread.tacv2',
        day: '2025-03-03',
      }),
    );
    const dialog = expandCard('flag-form', flagFormData({ partnerId: 'contoso', name: evil.name }, { evidence: [{ kind: 'other', summary: evil.summary }], dialog: { partners: [{ partnerId: 'contoso', name: evil.name }] } }));
    for (const card of [suggestion, dialog]) {
      expect(JSON.stringify(card)).not.toContain('EVALUATED');
      for (const t of texts(card)) {
        expect(t).not.toMatch(/(?<!\\)\$\{/);
        shown(t);
      }
    }
    // The message is shown as written, and prefilled as written in the form it opens.
    expect(texts(suggestion).some((t) => shown(t).join('') === evil.summary)).toBe(true);
    expect(inputsOf(dialog).ev1_summary).toBe(evil.summary);
  });

  it('the history shows evidence with template syntax literally', () => {
    const story = stories.icAttempt();
    story.act(IDS.ivy, { type: 'add-evidence', evidence: [{ kind: 'other', summary: evil.summary }] });
    const card = expandCard('history', historyData(viewOf(story.current, optsFor(story, IDS.ivy))));
    const json = JSON.stringify(card);
    expect(json).not.toContain('EVALUATED');
    const summary = texts(card).find((t) => t.includes('concat('));
    expect(shown(summary!)).toEqual([evil.summary]);
  });

  it('input values prefilled from user text are raw (not markdown) and still not evaluated', () => {
    const story = stories.icAttempt();
    story.act(IDS.ivy, { type: 'add-evidence', evidence: [{ kind: 'other', summary: evil.summary }] });
    const flagId = story.current.flags[0]!.flagId;
    const card = expandCard('withdraw-correct', withdrawCorrectData(viewOf(story.current, { ...optsFor(story, IDS.ivy), flagId })));
    expect(Object.values(inputsOf(card))).toContain(evil.summary);
  });

  it('mentions of unreachable people carry no markup from their names', () => {
    const story = stories.icApproval();
    const people = { ...PEOPLE, [IDS.gina]: { ...PEOPLE[IDS.gina], name: 'Gina [boss](https://x) <at>All</at> *M*' } };
    const data = caseCardData(viewOf(story.current, { ...optsFor(story, undefined), people, unreachable: [IDS.gina] }));
    expect(data.msteams.entities).toEqual([{ type: 'mention', text: '<at>Gina boss(https://x) atAll/at M</at>', mentioned: { id: PEOPLE[IDS.gina]!.teamsId, name: 'Gina boss(https://x) atAll/at M' } }]);
    expect(data.unreachable.text).toContain('<at>Gina boss(https://x) atAll/at M</at>');
  });
});
