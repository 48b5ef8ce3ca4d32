/**
 * Optional bench parts beyond the engine measurements (bot burst, Redis
 * index store). Each part runs on its own and returns table rows plus JSON.
 */
import { botPart } from './part-bot.ts';
import { curvePart } from './part-curve.ts';
import { plainPart } from './part-plain.ts';
import { redisPart } from './part-redis.ts';
import type { Row } from './report.ts';

/** What a part gets from the runner. */
export interface PartContext {
  quick: boolean;
  corpusDir: string;
  questionsPath: string;
  /** The seed of the corpora (--seed). */
  seed: number;
  /** Sizes of the hard corpus's accuracy curve (--sizes), or null for the part's default. */
  curveSizes: number[] | null;
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
export const PARTS: Part[] = [curvePart, plainPart, botPart, redisPart];
