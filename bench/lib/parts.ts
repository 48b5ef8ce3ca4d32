/**
 * Optional bench parts beyond the engine measurements (bot burst, Redis
 * index store). Each part runs on its own and returns table rows plus JSON.
 */
import { botPart } from './part-bot.ts';
import { plainPart } from './part-plain.ts';
import { redisPart } from './part-redis.ts';
import type { Row } from './report.ts';

/** What a part gets from the runner. */
export interface PartContext {
  quick: boolean;
  corpusDir: string;
  questionsPath: string;
  /** Progress notes for a terminal (silent in pipes). */
  say: (text: string) => void;
}

/** What a part reports. */
export interface PartResult {
  rows: Row[];
  json: unknown;
}

/** A named bench part (its name works with --skip). */
export interface Part {
  name: string;
  run(context: PartContext): Promise<PartResult>;
}

/** The parts, in the order they run. */
export const PARTS: Part[] = [plainPart, botPart, redisPart];
