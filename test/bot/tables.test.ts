/** Table answers end to end: a row is shown under its header, in private chats and inline. */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boldTexts, exchange, expectNoFailedCalls, newUser, startHarness, type Harness } from './harness.ts';

const TABLES = join(import.meta.dirname, '..', 'fixtures', 'docs', 'layout-tables');

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ dataDir: TABLES });
});
afterAll(async () => {
  expectNoFailedCalls(h.api);
  await h.stop();
});

describe('table answers', () => {
  it('show the row under its header, the cell of the figure in bold', async () => {
    const user = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '城关区地区生产总值多少');
    expect(boldTexts(reply)).toEqual(['986.3亿元', '地区：城关区', '986.3']);
    expect(reply.text).toContain('表1 2023年各区（县）主要经济指标（单位：亿元、%）\n地区：城关区\n地区生产总值：986.3\n增长：6.2\n一般公共预算收入：68.4\n增长：7.1');
    expect(reply.text).toMatch(/来源：《桐溪市2023年国民经济和社会发展统计公报》 · 一、综合/);
  });

  it('show a row read from a PDF', async () => {
    const user = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '西岭区常住人口多少');
    expect(boldTexts(reply)).toContain('62.7');
    expect(reply.text).toContain('地区：西岭区\n常住人口（万人）：62.7\n地区生产总值（亿元）：980.5\n增长（%）：4.3');
    expect(reply.text).toMatch(/来源：《柏溪市2023年各区经济运行情况》/);
  });

  it('keep text answers as sentences', async () => {
    const user = newUser();
    const { reply } = await exchange(h.api, h.api.privateChat(user), user, '桐溪市规模以上工业企业有多少家');
    expect(boldTexts(reply)).toContain('1864家');
    expect(reply.text).toContain('年末全市规模以上工业企业1864家');
    expect(reply.text).not.toContain('地区：');
  });
});
