/**
 * An answer thread (see answer-pool.ts): opens the engine of a data folder
 * from its persisted index and answers the questions the pool sends, with
 * the same answering pipeline as every other mode.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { Engine } from './engine.ts';
import type { PoolReply, PoolRequest, WorkerData } from './answer-pool.ts';

const port = parentPort;
if (!port) throw new Error('wenda-bot: answer-worker.ts runs only as a worker thread');
const data = workerData as WorkerData;

const send = (reply: PoolReply): void => port.postMessage(reply);

try {
  const engine = await Engine.open(data.dataDir, { persist: false });
  if (engine.sourcesHash !== data.sourcesHash) {
    // The sources changed between the main thread's build and ours: our passage ids would not match.
    send({ type: 'failed', message: 'the documents changed while the answer thread started' });
  } else {
    port.on('message', (request: PoolRequest) => {
      engine.ask(request.question, request.options).then(
        (answer) => send({ type: 'answer', id: request.id, answer }),
        (error: Error) => send({ type: 'error', id: request.id, message: error.message }),
      );
    });
    send({ type: 'ready' });
  }
} catch (error) {
  send({ type: 'failed', message: (error as Error).message });
}
