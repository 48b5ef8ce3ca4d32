/**
 * The bot burst: the real bot (`src/main.ts`, long polling with the runner)
 * in its own process against the local Bot API server in this process; 2,000
 * questions from 200 private chats arrive at once. Measures updates handled
 * per second, update-to-reply latency, lost and duplicated replies, and that
 * SIGTERM afterwards exits cleanly. Runs inside a bench worker (worker.ts,
 * task kind 'burst').
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LocalBotApi, type Message, type User } from '../../src/local/bot-api-server.ts';
import { ROOT } from './child.ts';
import { readQuestions } from './score.ts';
import { summarize, type Latency } from './stats.ts';

/** What the parent asks for. */
export interface BurstTask {
  dataDir: string;
  questions: string;
  updates: number;
  chats: number;
  /** How long to wait for the bot to load its index and start polling, ms. */
  startTimeoutMs?: number;
  /** Extra Node flags for the bot process (e.g. --cpu-prof for a diagnosis). */
  nodeArgs?: string[];
  /** ANSWER_THREADS of the bot (default: the bot's own default). */
  answerThreads?: number;
}

/** What the burst measured. */
export interface BurstResult {
  updates: number;
  chats: number;
  /** Process start until the first reply (engine loaded, bot polling), ms. */
  startMs: number;
  /** First update sent until the last reply arrived, ms. */
  durationMs: number;
  updatesPerSecond: number;
  latency: Latency;
  answered: number;
  lost: number;
  duplicated: number;
  /** Replies that were not a reply to a burst question (rate-limit notes, errors). */
  other: number;
  /** Peak RSS of the bot process, bytes (from /proc), or null. */
  botPeakRss: number | null;
  /** Exit code after SIGTERM (0 = graceful). */
  exitCode: number | null;
}

const TOKEN = '7000000001:bench-token-for-the-local-bot-api-server';

function peakRss(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : null;
  } catch {
    return null;
  }
}

/** The Node flags `npm start` gives the bot (`node --import tsx --max-semi-space-size=64 src/main.ts`), so the burst runs it alike. */
function startFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  // The tsx loader is added below; the other flags are the ones to copy.
  return (pkg.scripts?.start ?? '').split(/\s+/).filter((arg) => arg.startsWith('--') && arg !== '--import');
}

/** Runs the burst. */
export async function runBurst(task: BurstTask): Promise<BurstResult> {
  const api = await LocalBotApi.start({ token: TOKEN });
  const started = Date.now();
  const bot = spawn(process.execPath, [...startFlags(), ...(task.nodeArgs ?? []), '--import', 'tsx', join(ROOT, 'src/main.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      BOT_TOKEN: TOKEN,
      BOT_API_ROOT: api.apiRoot,
      DATA_DIR: task.dataDir,
      LOG_LEVEL: 'error',
      WEBHOOK_URL: '',
      INDEX_STORE: '',
      ANSWER_THREADS: task.answerThreads === undefined ? '' : String(task.answerThreads),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => bot.once('exit', (code) => resolve(code)));
  try {
    const questions = readQuestions(task.questions).map((q) => q.q);
    const user = (n: number): User => ({ id: 500_000 + n, is_bot: false, first_name: `读者${n}` });

    // Warm-up chat, not measured; its first reply marks the bot as started (index loaded, polling).
    const warm = api.privateChat(user(9_999));
    for (let i = 0; i < 10; i++) api.send(warm, user(9_999), questions[questions.length - 1 - i] ?? '你好');
    await api.waitFor(() => api.botMessages(warm.id).length >= 1, task.startTimeoutMs ?? 180_000);
    const startMs = Date.now() - started;
    await api.waitFor(() => api.botMessages(warm.id).length >= 10, 60_000);

    const sentAt = new Map<string, number>();
    const repliedAt = new Map<string, number>();
    let duplicated = 0;
    let other = 0;
    api.on('message', (message: Message) => {
      if (message.from?.id !== api.me.id || message.chat.id === warm.id) return;
      const to = message.reply_to_message?.message_id;
      const key = `${message.chat.id}:${to}`;
      if (to === undefined || !sentAt.has(key)) {
        other++;
        return;
      }
      if (repliedAt.has(key)) duplicated++;
      else repliedAt.set(key, performance.now());
    });

    const chats = Array.from({ length: task.chats }, (_, i) => api.privateChat(user(i)));
    const first = performance.now();
    for (let i = 0; i < task.updates; i++) {
      const chatIndex = i % task.chats;
      const chat = chats[chatIndex]!;
      const message = api.send(chat, user(chatIndex), questions[i % questions.length] ?? '你好');
      sentAt.set(`${chat.id}:${message.message_id}`, performance.now());
    }
    await api.waitFor(() => repliedAt.size >= task.updates, 300_000).catch(() => undefined);
    const last = Math.max(...repliedAt.values());
    // Give late duplicates a moment to show up.
    await new Promise((r) => setTimeout(r, 500));
    const latencies = [...repliedAt].map(([key, at]) => at - (sentAt.get(key) ?? at));
    const durationMs = last - first;
    const botPeakRss = peakRss(bot.pid);
    bot.kill('SIGTERM');
    const exitCode = await exited;
    return {
      updates: task.updates,
      chats: task.chats,
      startMs,
      durationMs,
      updatesPerSecond: repliedAt.size / (durationMs / 1000),
      latency: summarize(latencies),
      answered: repliedAt.size,
      lost: task.updates - repliedAt.size,
      duplicated,
      other,
      botPeakRss,
      exitCode,
    };
  } finally {
    if (bot.exitCode === null) bot.kill('SIGKILL');
    await api.close();
  }
}
