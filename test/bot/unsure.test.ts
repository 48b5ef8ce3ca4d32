/** An answer the engine is not sure of, end to end: offered as possibly related in chats and inline. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boldTexts, exchange, expectNoFailedCalls, newUser, startHarness, type Harness } from './harness.ts';

let h: Harness;
let data: string;
beforeAll(async () => {
  // Two parks with the same sentence and different figures: a question that names neither has no sure answer.
  data = mkdtempSync(join(tmpdir(), 'wenda-unsure-'));
  mkdirSync(join(data, 'sources'));
  writeFileSync(join(data, 'sources', 'east.txt'), '东区概况\n\n东区园区入驻企业120家，带动就业3000人。\n');
  writeFileSync(join(data, 'sources', 'west.txt'), '西区概况\n\n西区园区入驻企业260家，带动就业5000人。\n');
  h = await startHarness({ dataDir: data });
});
afterAll(async () => {
  expectNoFailedCalls(h.api);
  await h.stop();
  rmSync(data, { recursive: true, force: true });
});

describe('an answer the engine is not sure of', () => {
  const user = newUser();

  it('is offered as possibly related, with its figure, sentence and source; a named park is answered plainly', async () => {
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '园区入驻企业多少家');
    expect(reply.text?.startsWith('🤔 没有把握，以下内容可能相关，请核对原文：')).toBe(true);
    expect(boldTexts(reply)[0]).toMatch(/^(120|260)家$/);
    expect(reply.text).toContain('来源：');
    const sure = await exchange(h.api, h.api.privateChat(user), user, '西区园区入驻企业多少家');
    expect(sure.reply.text).not.toContain('可能相关');
    expect(boldTexts(sure.reply)[0]).toBe('260家');
  });

  it('says so inline, in the title and in the message it posts, in the script asked', async () => {
    const id = h.api.inlineQuery(user, '園區入駐企業多少家');
    const answer = await h.api.waitFor(() => h.api.inlineAnswers.get(id));
    const [first] = answer['results'] as { title: string; input_message_content: { message_text: string } }[];
    expect(first!.title).toMatch(/^可能相關：/);
    expect(first!.input_message_content.message_text).toContain('可能相關');
  });
});
