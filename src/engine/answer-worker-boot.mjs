// Starts an answer thread (answer-worker.ts). Worker threads do not inherit the main thread's
// TypeScript loader, so the thread registers tsx itself before importing the worker module.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
