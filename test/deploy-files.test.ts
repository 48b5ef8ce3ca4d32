/**
 * The deploy files agree with each other and with the code: the image runs
 * the build as a non-root user with a health check, copies nothing that
 * .dockerignore leaves out, uses the Node version CI tests (.nvmrc); compose
 * wires the bot to Redis and a data volume; LICENSE matches package.json.
 * (Docker itself cannot run here; CI runs the build in dist/ end to end.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile');
  const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

  it('is multi-stage on the Node version of .nvmrc, and runs dist/main.js as the user node with a health check', () => {
    const major = read('.nvmrc').trim();
    const froms = [...dockerfile.matchAll(/^FROM (\S+)/gmu)].map((m) => m[1]);
    expect(froms.length).toBeGreaterThanOrEqual(2);
    for (const from of froms) expect(from).toMatch(new RegExp(`^node:${major}-`));
    expect(final).toMatch(/^USER node$/mu);
    expect(final).toMatch(/^HEALTHCHECK .*CMD \["node", "dist\/healthcheck\.js"\]$/mu);
    expect(final).toMatch(/^CMD \["node", .*"dist\/main\.js"\]$/mu);
    expect(existsSync(join(ROOT, 'src', 'healthcheck.ts'))).toBe(true);
    expect(final).not.toMatch(/tsx|typescript/u);
  });

  it('copies only files that exist and that .dockerignore lets in', () => {
    const ignored = read('.dockerignore')
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line !== '' && !line.startsWith('#'));
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gmu)].flatMap((m) => m[1]!.split(/\s+/u));
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json', 'src', 'LICENSE']));
    for (const path of copied) {
      expect(existsSync(join(ROOT, path)), path).toBe(true);
      expect(ignored, path).not.toContain(path);
    }
  });
});

describe('compose.yaml', () => {
  const compose = read('compose.yaml');

  it('runs the bot with its index in Redis and its documents in a volume', () => {
    expect(compose).toMatch(/^ {2}bot:\n {4}build: \.$/mu);
    expect(compose).toContain('INDEX_STORE: redis://redis:6379');
    expect(compose).toMatch(/- wenda-data:\/data$/mu);
    expect(compose).toMatch(/^ {2}redis:\n {4}image: redis:/mu);
    expect(compose).toMatch(/condition: service_healthy/u);
    expect(compose).toMatch(/^volumes:\n {2}wenda-data:\n {2}redis-data:$/mu);
  });
});

describe('LICENSE', () => {
  it('is the license package.json names', () => {
    expect((JSON.parse(read('package.json')) as { license: string }).license).toBe('MIT');
    expect(read('LICENSE')).toMatch(/^MIT License\n/u);
  });
});
