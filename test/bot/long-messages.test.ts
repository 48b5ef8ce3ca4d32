/**
 * Fault suite, item 4 of issue 13 (the bot's part): every message fits
 * Telegram's 4096 characters after escaping. A passage too long for a card is
 * shortened around its figure with "…"; titles are shortened; private chats,
 * groups, channels, inline results, "more" lists and section views all pass
 * the local Bot API server's checks.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { escapedLength, fitPlain, windowAround } from '../../src/bot/fit.ts';
import { MAX_MESSAGE_LENGTH, renderAnswer, renderCandidate, renderMore } from '../../src/bot/render.ts';
import { toTraditional } from '../../src/engine/script.ts';
import { Engine } from '../../src/engine/engine.ts';
import type { Answer, Candidate } from '../../src/engine/types.ts';
import { parseHtml } from '../../src/local/telegram-html.ts';
import { startPolling, type Polling } from '../../src/bot/polling.ts';
import { LocalBotApi } from '../../src/local/bot-api-server.ts';
import { boldTexts, createTestBot, exchange, expectNoFailedCalls, newChat, newUser, press, TOKEN } from './harness.ts';

const FIGURE = '2400余家';
/** A 6,600-character "sentence" (a PDF page without 。) full of characters that grow when escaped. */
const LONG = `${'园区A&B<c>，'.repeat(420)}入驻企业${FIGURE}，${'"引号"与&符号、'.repeat(330)}`;

const candidate = (passage: string, figure: string | null = FIGURE): Candidate => ({
  passageId: 1,
  passage,
  figure: figure === null ? null : { text: figure, value: 2400, unit: '家' },
  score: 1,
  documentId: 'doc',
  document: '很长的文档标题'.repeat(700),
  section: '很长的章节标题&'.repeat(600),
  sectionIndex: 0,
  page: 3,
});

const answerOf = (c: Candidate, script: Answer['script'] = 'simplified'): Answer => ({
  question: '双创园区有多少企业'.repeat(100),
  script,
  found: true,
  confidence: 1,
  best: c,
  alternatives: [],
  kind: 'single',
  items: [],
});

/** Parses like Telegram and checks the limit on the text it would show. */
function shown(html: string): { text: string; bold: string[] } {
  expect(html.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  const { text, entities } = parseHtml(html);
  expect(text.length).toBeLessThanOrEqual(MAX_MESSAGE_LENGTH);
  return { text, bold: entities.filter((e) => e.type === 'bold').map((e) => text.slice(e.offset, e.offset + e.length)) };
}

describe('cards within 4096 characters after escaping', () => {
  it('shortens a 6,600-character passage around its figure, with … on both sides', () => {
    expect(LONG.length).toBeGreaterThan(6600);
    const { text, bold } = shown(renderAnswer(answerOf(candidate(LONG)), { showQuestion: true }));
    expect(bold.filter((b) => b === FIGURE)).toHaveLength(2);
    expect(text).toContain(`…`);
    expect(text).toMatch(new RegExp(`…[^…]*入驻企业${FIGURE}[^…]*…`));
    // A generous share of the room is used, not a token snippet.
    expect(text.length).toBeGreaterThan(1500);
  });

  it('keeps the figure when it is at the very start or end, and the start when there is none', () => {
    for (const passage of [`${FIGURE}${LONG}`, `${LONG}${FIGURE}`]) {
      const { bold } = shown(renderCandidate(candidate(passage)));
      expect(bold).toContain(FIGURE);
    }
    const { text } = shown(renderCandidate(candidate(LONG, null)));
    expect(text).toContain('园区A&B<c>，园区');
  });

  it('fits in traditional too', () => {
    const { bold } = shown(renderAnswer(answerOf(candidate(LONG), 'traditional')));
    expect(bold).toContain(toTraditional(FIGURE));
  });

  it('fits a list of three long alternatives', () => {
    const { bold } = shown(renderMore([candidate(LONG), candidate(LONG), candidate(`${LONG}${FIGURE}`)], (s) => s));
    // Each item shows the figure in its head line and in its passage.
    expect(bold.filter((b) => b === FIGURE)).toHaveLength(6);
  });

  it('fits any passage and figure (property test)', () => {
    const text = fc.string({ unit: fc.constantFrom(...'&<>"园区企业，。、😀a '), minLength: 0, maxLength: 9000 });
    fc.assert(
      fc.property(text, text, fc.nat(), (before, after, size) => {
        const figure = `${size % 100000}家`;
        const { bold } = shown(renderAnswer(answerOf(candidate(`${before}${figure}${after}`, figure)), { showQuestion: true }));
        expect(bold).toContain(figure);
      }),
      { numRuns: 200 },
    );
  });

  it('fitPlain and windowAround measure escaped length and never split a surrogate pair', () => {
    const emoji = '😀&'.repeat(100);
    const cut = fitPlain(emoji, 50);
    expect(escapedLength(cut)).toBeLessThanOrEqual(50);
    expect(cut.endsWith('…')).toBe(true);
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/u);
    const w = windowAround(emoji, 100, 102, 40);
    expect(escapedLength(emoji.slice(w.start, w.end)) + 2).toBeLessThanOrEqual(40);
    expect(emoji.slice(w.start, w.end)).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/u);
  });
});

describe('long titles and markup-heavy passages in every chat type (end to end)', () => {
  let api: LocalBotApi;
  let polling: Polling;
  beforeAll(async () => {
    const title = '很长的文档标题'.repeat(700);
    const passage = `双创园区${'A&B<c>、'.repeat(40)}入驻企业${FIGURE}，${'“引号”&'.repeat(40)}。`;
    const engine = Engine.fromDocuments([
      {
        id: 'long',
        file: 'long.txt',
        title,
        titleFrom: 'title',
        subtitle: null,
        author: null,
        byline: null,
        date: null,
        period: null,
        year: null,
        script: 'simplified',
        warnings: [],
        sections: [
          { title: '很长的章节&'.repeat(900), kind: 'section', paragraphs: [passage, `双创园区带动就业1.8万余人。${passage.replace(FIGURE, '300家')}`] },
          { title: '另一节', kind: 'section', paragraphs: ['双创园区建成区面积达到12平方公里。'] },
        ],
      },
    ]);
    api = await LocalBotApi.start({ token: TOKEN });
    polling = await startPolling(await createTestBot(api, engine), { timeoutSeconds: 1 });
  });
  afterAll(async () => {
    await polling.stop();
    await api.close();
  });

  it('answers in private, group and channel, shows the section and more, and answers inline', async () => {
    const user = newUser();
    const { reply } = await exchange(api, api.privateChat(user), user, '双创园区有多少企业');
    expect(boldTexts(reply)).toContain(FIGURE);
    const section = await press(api, reply, '查看本节', user);
    expect(section.text).toContain('很长的文档标题');
    const more = await press(api, reply, '更多相关段落', user);
    expect(more.text).toContain('1.');
    const group = await exchange(api, newChat('supergroup'), user, '/ask 双创园区有多少企业');
    expect(boldTexts(group.reply)).toContain(FIGURE);
    const channel = await exchange(api, newChat('channel'), null, '#问 双创园区有多少企业');
    expect(boldTexts(channel.reply)).toContain(FIGURE);
    const id = api.inlineQuery(user, '双创园区有多少企业');
    const inline = await api.waitFor(() => api.inlineAnswers.get(id));
    expect((inline['results'] as unknown[]).length).toBeGreaterThan(0);
    await api.waitFor(() => api.pendingUpdates === 0);
    expectNoFailedCalls(api);
  });
});
