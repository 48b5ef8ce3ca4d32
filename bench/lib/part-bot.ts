/**
 * Bench part "bot": the burst of 2,000 updates from 200 chats through the
 * local Bot API server to the real bot process (see bot-burst.ts), started
 * as `npm start` starts it (one answer thread on a machine with two cores).
 * Three runs, reported by their median (a shared 2-core machine varies from
 * run to run), and one run with answers in the bot's main thread
 * (ANSWER_THREADS=0) for comparison.
 */
import { join } from 'node:path';
import type { BurstResult } from './bot-burst.ts';
import { runChild, ROOT } from './child.ts';
import type { Part } from './parts.ts';
import type { Row } from './report.ts';

const RUNS = 3;

export const botPart: Part = {
  name: 'bot',
  async run(context) {
    const updates = context.quick ? 500 : 2000;
    const chats = context.quick ? 50 : 200;
    // A persisted index of the current engine code, so the bot loads rather than builds it.
    await runChild(join(ROOT, 'bench/lib/worker.ts'), { kind: 'cold', dataDir: context.corpusDir, question: '你好', rebuild: false, persist: true });
    const burst = async (answerThreads: number | undefined): Promise<BurstResult> => {
      const { result } = await runChild<BurstResult>(join(ROOT, 'bench/lib/worker.ts'), {
        kind: 'burst', dataDir: context.corpusDir, questions: context.questionsPath, updates, chats,
        ...(answerThreads === undefined ? {} : { answerThreads }),
      });
      return result;
    };
    const runs: BurstResult[] = [];
    for (let i = 0; i < RUNS; i++) {
      context.say(`bench: bot burst ${i + 1}/${RUNS}, ${updates} updates from ${chats} chats (as npm start runs it)`);
      runs.push(await burst(undefined));
    }
    context.say(`bench: bot burst with ANSWER_THREADS=0, ${updates} updates from ${chats} chats`);
    const mainThread = await burst(0);

    const sorted = [...runs].sort((a, b) => a.updatesPerSecond - b.updatesPerSecond);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const section = `bot burst (${updates.toLocaleString('en')} updates, ${chats} chats, corpus index)`;
    const ups = (r: BurstResult): string => `${r.updatesPerSecond.toFixed(0)}/s`;
    const lost = runs.reduce((n, r) => n + r.lost, 0) + mainThread.lost;
    const duplicated = runs.reduce((n, r) => n + r.duplicated, 0) + mainThread.duplicated;
    const rows: Row[] = [
      { section, name: 'bot start → polling (index loaded, answer thread ready)', value: `${(median.startMs / 1000).toFixed(1)} s` },
      {
        section,
        name: `updates handled per second, median of ${RUNS} (npm start: one answer thread)`,
        value: `${ups(median)} (runs: ${runs.map(ups).join(', ')}; ${(median.durationMs / 1000).toFixed(2)} s for the burst)`,
        target: '≥ 600/s',
        ok: median.updatesPerSecond >= 600,
      },
      { section, name: 'updates per second, answers in the main thread (ANSWER_THREADS=0)', value: `${ups(mainThread)} (${(mainThread.durationMs / 1000).toFixed(2)} s)` },
      { section, name: 'update → reply p50 / p95 / p99 (median run)', value: `${(median.latency.p50 / 1000).toFixed(2)} / ${(median.latency.p95 / 1000).toFixed(2)} / ${(median.latency.p99 / 1000).toFixed(2)} s (all sent at once, so queueing included)` },
      { section, name: `lost / duplicated replies (all ${RUNS + 1} runs)`, value: `${lost} / ${duplicated}`, target: '0 / 0', ok: lost === 0 && duplicated === 0 },
      {
        section,
        name: 'bot peak RSS (threads included); exit after SIGTERM',
        value: `${median.botPeakRss === null ? 'n/a' : `${(median.botPeakRss / 2 ** 20).toFixed(0)} MB`} (main thread only: ${mainThread.botPeakRss === null ? 'n/a' : `${(mainThread.botPeakRss / 2 ** 20).toFixed(0)} MB`}); exit codes ${[...runs, mainThread].map((r) => r.exitCode).join(', ')}`,
      },
    ];
    return { rows, json: { runs, mainThread } };
  },
};
