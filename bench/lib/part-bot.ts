/**
 * Bench part "bot": the burst of 2,000 updates from 200 chats through the
 * local Bot API server to the real bot process (see bot-burst.ts), once with
 * answers in the bot's main thread and once with one answer thread
 * (ANSWER_THREADS=1).
 */
import { join } from 'node:path';
import type { BurstResult } from './bot-burst.ts';
import { runChild, ROOT } from './child.ts';
import type { Part } from './parts.ts';
import type { Row } from './report.ts';

export const botPart: Part = {
  name: 'bot',
  async run(context) {
    const updates = context.quick ? 500 : 2000;
    const chats = context.quick ? 50 : 200;
    // A persisted index of the current engine code, so the bot loads rather than builds it.
    await runChild(join(ROOT, 'bench/lib/worker.ts'), { kind: 'cold', dataDir: context.corpusDir, question: '你好', rebuild: false, persist: true });
    const rows: Row[] = [];
    const json: Record<string, BurstResult> = {};
    for (const answerThreads of [0, 1]) {
      const section = `bot burst (${updates.toLocaleString('en')} updates, ${chats} chats, corpus index), ANSWER_THREADS=${answerThreads}`;
      context.say(`bench: bot burst, ${updates} updates from ${chats} chats, ANSWER_THREADS=${answerThreads}`);
      const { result: r } = await runChild<BurstResult>(join(ROOT, 'bench/lib/worker.ts'), {
        kind: 'burst', dataDir: context.corpusDir, questions: context.questionsPath, updates, chats, answerThreads,
      });
      json[`threads${answerThreads}`] = r;
      rows.push(
        { section, name: 'bot start → polling (index loaded)', value: `${(r.startMs / 1000).toFixed(1)} s` },
        { section, name: 'updates handled per second', value: `${r.updatesPerSecond.toFixed(0)}/s (${(r.durationMs / 1000).toFixed(2)} s for the burst)`, target: '≥ 600/s', ok: r.updatesPerSecond >= 600 },
        { section, name: 'update → reply p50 / p95 / p99', value: `${(r.latency.p50 / 1000).toFixed(2)} / ${(r.latency.p95 / 1000).toFixed(2)} / ${(r.latency.p99 / 1000).toFixed(2)} s (all sent at once, so queueing included)` },
        { section, name: 'lost / duplicated replies', value: `${r.lost} / ${r.duplicated}${r.other ? ` (${r.other} other messages)` : ''}`, target: '0 / 0', ok: r.lost === 0 && r.duplicated === 0 },
        { section, name: 'bot peak RSS; exit after SIGTERM', value: `${r.botPeakRss === null ? 'n/a' : `${(r.botPeakRss / 2 ** 20).toFixed(0)} MB`}; exit code ${r.exitCode}` },
      );
    }
    return { rows, json };
  },
};
