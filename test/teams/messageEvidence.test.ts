// A Teams message as evidence (README "Flag a message"): its text without HTML, who wrote it and when, its link,
// files as links (never their download URL), within the evidence limits.
import { LIMITS, evidenceSchema } from '../../src/domain/commands';
import { chatFiles, htmlToText, messageEvidence, payloadFiles } from '../../src/teams/messageEvidence';

describe('htmlToText', () => {
  it('keeps what a person reads: text, line breaks, mentions as names, entities decoded; drops tags and scripts', () => {
    expect(htmlToText('<div><at id="0">Manny</at> said <b>no</b>&nbsp;&amp; left</div><p>Line&#160;two &lt;ok&gt;</p><script>alert(1)</script>')).toBe('Manny said no & left\nLine two <ok>');
    expect(htmlToText('a<br>b<br/>c')).toBe('a\nb\nc');
  });
});

describe('messageEvidence', () => {
  const base = { author: 'Manny Ortiz', at: '2026-11-02T22:30:00Z', text: 'They went dark.', link: 'https://teams.microsoft.com/l/message/19:x/1', files: [] };

  it('quotes the author and the time in the configured zone, with the date of that zone', () => {
    const [item] = messageEvidence(base, 'Asia/Tokyo');
    expect(item).toEqual({ kind: 'other', summary: 'Manny Ortiz wrote on 3 Nov 2026, 07:30 GMT+9: “They went dark.”', link: base.link, date: '2026-11-03' });
    expect(messageEvidence({ ...base, meeting: true }, 'UTC')[0]!.kind).toBe('meeting-notes');
  });

  it('stays within the limits: a long message is cut, a link that is not https or too long is left out, 10 items at most', () => {
    const files = Array.from({ length: 15 }, (_, i) => ({ name: `f${i}.pdf`, url: `https://contoso.sharepoint.com/f${i}.pdf` }));
    const items = messageEvidence({ ...base, text: 'x'.repeat(5000), link: 'http://insecure.example/1', files }, 'UTC');
    expect(items).toHaveLength(LIMITS.evidencePerFlag);
    expect(items[0]!.summary.length).toBeLessThanOrEqual(LIMITS.summary);
    expect(items[0]!.link).toBeUndefined();
    for (const item of items) expect(evidenceSchema.safeParse(item).success).toBe(true);
    expect(messageEvidence({ ...base, link: `https://x.example/${'a'.repeat(600)}` }, 'UTC')[0]!.link).toBeUndefined();
  });

  it('takes files as links: reference attachments of a message, the file address (never the download URL) in a chat', () => {
    expect(payloadFiles({ attachments: [{ contentType: 'reference', contentUrl: 'https://contoso.sharepoint.com/a.docx', name: 'a.docx' }, { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null }] })).toEqual([
      { name: 'a.docx', url: 'https://contoso.sharepoint.com/a.docx' },
    ]);
    expect(chatFiles([{ contentType: 'application/vnd.microsoft.teams.file.download.info', contentUrl: 'https://contoso-my.sharepoint.com/b.pdf', name: 'b.pdf' }])).toEqual([{ name: 'b.pdf', url: 'https://contoso-my.sharepoint.com/b.pdf' }]);
  });
});
