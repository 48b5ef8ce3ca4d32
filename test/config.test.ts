import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.ts';

const TOKEN = '123456789:AAExampleTokenValue_with-dashes123';

describe('loadConfig', () => {
  it('defaults to the local chat without a token', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      mode: 'local',
      botToken: null,
      apiRoot: 'https://api.telegram.org',
      dataDir: 'index-data',
      port: 8080,
      adminIds: [],
      logLevel: 'info',
      logLevelSet: false,
      indexStore: null,
    });
    // One answer thread where there is a second core for it.
    expect(loadConfig({}).answerThreads).toBe(availableParallelism() >= 2 ? 1 : 0);
    expect(loadConfig({ INDEX_STORE: 'redis://127.0.0.1:6379' }).answerThreads).toBe(0);
    expect(loadConfig({ ANSWER_THREADS: '0' }).answerThreads).toBe(0);
  });

  it('takes ANSWER_THREADS from 0 to 16, not together with INDEX_STORE', () => {
    expect(loadConfig({ ANSWER_THREADS: '2' }).answerThreads).toBe(2);
    expect(() => loadConfig({ ANSWER_THREADS: '17' })).toThrow(/ANSWER_THREADS: must be between 0 and 16/);
    expect(() => loadConfig({ ANSWER_THREADS: 'many' })).toThrow(/ANSWER_THREADS: must be a number of threads/);
    expect(() => loadConfig({ ANSWER_THREADS: '1', INDEX_STORE: 'redis://127.0.0.1:6379' })).toThrow(/ANSWER_THREADS: cannot be combined with INDEX_STORE/);
  });

  it('takes a redis:// or rediss:// INDEX_STORE and refuses anything else', () => {
    expect(loadConfig({ INDEX_STORE: 'redis://127.0.0.1:6379' }).indexStore).toBe('redis://127.0.0.1:6379');
    expect(loadConfig({ INDEX_STORE: ' rediss://user:pw@cache.example.com:6380/2 ' }).indexStore).toBe('rediss://user:pw@cache.example.com:6380/2');
    expect(loadConfig({ INDEX_STORE: '' }).indexStore).toBeNull();
    for (const bad of ['postgres://db/x', '127.0.0.1:6379', 'redis://']) {
      expect(() => loadConfig({ INDEX_STORE: bad }), bad).toThrow(/INDEX_STORE: must be a redis:\/\/ or rediss:\/\/ URL/);
    }
  });

  it('takes the proxy from BOT_PROXY, else HTTPS_PROXY/HTTP_PROXY for the API root unless NO_PROXY or loopback', () => {
    expect(loadConfig({}).proxy).toBeNull();
    expect(loadConfig({ BOT_PROXY: 'socks5://127.0.0.1:1080' }).proxy).toBe('socks5://127.0.0.1:1080');
    // BOT_PROXY is explicit: it applies even to a loopback API root and wins over HTTPS_PROXY.
    expect(loadConfig({ BOT_PROXY: 'http://127.0.0.1:7890', BOT_API_ROOT: 'http://127.0.0.1:8081', HTTPS_PROXY: 'http://other:1' }).proxy).toBe(
      'http://127.0.0.1:7890',
    );
    expect(loadConfig({ HTTPS_PROXY: 'http://proxy.corp:3128' }).proxy).toBe('http://proxy.corp:3128');
    expect(loadConfig({ https_proxy: 'proxy.corp:3128' }).proxy).toBe('http://proxy.corp:3128');
    expect(loadConfig({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'localhost,.telegram.org' }).proxy).toBeNull();
    expect(loadConfig({ HTTPS_PROXY: 'http://proxy.corp:3128', no_proxy: '*' }).proxy).toBeNull();
    expect(loadConfig({ HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: 'example.org' }).proxy).toBe('http://proxy.corp:3128');
    // HTTPS_PROXY is for https roots; HTTP_PROXY for http ones, never for loopback servers.
    expect(loadConfig({ HTTPS_PROXY: 'http://proxy.corp:3128', BOT_API_ROOT: 'http://bot-api.internal:8081' }).proxy).toBeNull();
    expect(loadConfig({ HTTP_PROXY: 'http://proxy.corp:3128', BOT_API_ROOT: 'http://bot-api.internal:8081' }).proxy).toBe('http://proxy.corp:3128');
    expect(loadConfig({ HTTP_PROXY: 'http://proxy.corp:3128', BOT_API_ROOT: 'http://127.0.0.1:8081' }).proxy).toBeNull();
    for (const bad of ['ftp://proxy:21', 'not a url', 'http://']) {
      expect(() => loadConfig({ BOT_PROXY: bad }), bad).toThrow(/BOT_PROXY: must be a proxy URL/);
    }
  });

  it('treats blank values as unset', () => {
    expect(loadConfig({ BOT_TOKEN: '', WEBHOOK_URL: '  ', PORT: '' }).mode).toBe('local');
  });

  it('uses polling with a token and webhook with WEBHOOK_URL', () => {
    expect(loadConfig({ BOT_TOKEN: TOKEN }).mode).toBe('polling');
    const config = loadConfig({
      BOT_TOKEN: TOKEN,
      WEBHOOK_URL: 'https://bot.example.com/telegram',
      WEBHOOK_SECRET: 's3cret_value',
      PORT: '3000',
      ADMIN_IDS: '42, 7',
      LOG_LEVEL: 'debug',
      BOT_API_ROOT: 'http://127.0.0.1:8081/',
      DATA_DIR: 'other-data',
    });
    expect(config).toMatchObject({
      mode: 'webhook',
      webhookUrl: 'https://bot.example.com/telegram',
      webhookSecret: 's3cret_value',
      port: 3000,
      adminIds: [42, 7],
      logLevel: 'debug',
      logLevelSet: true,
      apiRoot: 'http://127.0.0.1:8081',
      dataDir: 'other-data',
    });
  });

  it.each([
    [{ PORT: 'eighty' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
    [{ ADMIN_IDS: '12,abc' }, 'ADMIN_IDS'],
    [{ BOT_API_ROOT: 'ftp://x' }, 'BOT_API_ROOT'],
    [{ BOT_TOKEN: TOKEN, WEBHOOK_URL: 'http://bot.example.com/hook', WEBHOOK_SECRET: 'abc' }, 'WEBHOOK_URL'],
    [{ BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://bot.example.com/hook' }, 'WEBHOOK_SECRET'],
    [{ WEBHOOK_URL: 'https://bot.example.com/hook', WEBHOOK_SECRET: 'abc' }, 'BOT_TOKEN'],
    [{ BOT_TOKEN: TOKEN, WEBHOOK_URL: 'https://x.example/h', WEBHOOK_SECRET: 'has spaces!' }, 'WEBHOOK_SECRET'],
  ])('names the bad variable in %j', (env, variable) => {
    let error: unknown;
    try {
      loadConfig(env);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).name).toBe('ConfigError');
    expect((error as ConfigError).variables).toContain(variable);
    expect((error as ConfigError).message).toContain(`${variable}:`);
  });

  it('never echoes a bad token', () => {
    const secret = '12345:short-but-secret';
    expect(() => loadConfig({ BOT_TOKEN: secret })).toThrow(/BOT_TOKEN/);
    try {
      loadConfig({ BOT_TOKEN: secret });
    } catch (e) {
      expect((e as Error).message).not.toContain(secret);
    }
  });
});
