// Starts a worker thread on a TypeScript module (see worker-module.ts). Worker threads do not inherit
// the main thread's TypeScript loader, so the thread registers tsx itself before importing the module.
// Compiled builds (dist/) start their .js modules directly and never load this file.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.module);
