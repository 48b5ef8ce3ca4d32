/**
 * Bench part "bot": the burst of 2,000 updates from 200 chats through the
 * local Bot API server to the real bot process (see bot-burst.ts).
 */
import { join } from 'node:path';
import type { BurstResult } from './bot-burst.ts';
import { runChild, ROOT } from './child.ts';
import type { Part } from './parts.ts';

export const botPart: Part = {
  name: 'bot',
  async run(context) {
    const updates = context.quick ? 500 : 2000;
    const chats = context.quick ? 50 : 200;
    const section = `bot burst (${updates.toLocaleString('en')} updates, ${chats} chats, corpus index)`;
    // A persisted index of the current engine code, so the bot loads rather than builds it.
    await runChild(join(ROOT, 'bench/lib/worker.ts'), { kind: 'cold', dataDir: context.corpusDir, question: '你好', rebuild: false, persist: true });
    context.say(`bench: bot burst, ${updates} updates from ${chats} chats through the local Bot API server`);
    const { result: r } = await runChild<BurstResult>(join(ROOT, 'bench/lib/worker.ts'), {
      kind: 'burst', dataDir: context.corpusDir, questions: context.questionsPath, updates, chats,
    });
    return {
      rows: [
        { section, name: 'bot start → polling (index loaded)', value: `${(r.startMs / 1000).toFixed(1)} s` },
        { section, name: 'updates handled per second', value: `${r.updatesPerSecond.toFixed(0)}/s (${(r.durationMs / 1000).toFixed(2)} s for the burst)`, target: '≥ 600/s', ok: r.updatesPerSecond >= 600 },
        { section, name: 'update → reply p50 / p95 / p99', value: `${(r.latency.p50 / 1000).toFixed(2)} / ${(r.latency.p95 / 1000).toFixed(2)} / ${(r.latency.p99 / 1000).toFixed(2)} s (all sent at once, so queueing included)` },
        { section, name: 'lost / duplicated replies', value: `${r.lost} / ${r.duplicated}${r.other ? ` (${r.other} other messages)` : ''}`, target: '0 / 0', ok: r.lost === 0 && r.duplicated === 0 },
        { section, name: 'bot peak RSS; exit after SIGTERM', value: `${r.botPeakRss === null ? 'n/a' : `${(r.botPeakRss / 2 ** 20).toFixed(0)} MB`}; exit code ${r.exitCode}` },
      ],
      json: r,
    };
  },
};
