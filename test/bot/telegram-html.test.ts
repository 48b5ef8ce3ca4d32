import { describe, expect, it } from 'vitest';
import { detectUserEntities, EntityParseError, parseHtml } from '../../src/local/telegram-html.ts';

describe('Telegram HTML parsing of the local Bot API server', () => {
  it('returns text and entities with UTF-16 offsets', () => {
    const { text, entities } = parseHtml('😀 <b>2400余家</b> &lt;&amp;&gt;&quot; <a href="https://t.me/x">链接</a>');
    expect(text).toBe('😀 2400余家 <&>" 链接');
    expect(entities).toEqual([
      { type: 'bold', offset: 3, length: 6 },
      { type: 'text_link', offset: 15, length: 2, url: 'https://t.me/x' },
    ]);
  });

  it.each([
    ['<b>unclosed', /Can't find end tag/],
    ['<b><i>x</b></i>', /Unmatched end tag/],
    ['<script>x</script>', /Unsupported start tag "script"/],
    ['a & b', /Can't find end of the entity/],
    ['&nbsp;', /Unsupported entity/],
    ['<a>x</a>', /Wrong URL/],
    ['x < y', /can't parse entities/],
  ])('refuses %j like Telegram', (html, message) => {
    expect(() => parseHtml(html)).toThrow(EntityParseError);
    expect(() => parseHtml(html)).toThrow(message);
  });

  it('detects commands, mentions and hashtags like a client', () => {
    expect(detectUserEntities('/ask@wenda_bot 问题 @someone #问')).toEqual([
      { type: 'bot_command', offset: 0, length: 14 },
      { type: 'mention', offset: 18, length: 8 },
      { type: 'hashtag', offset: 27, length: 2 },
    ]);
  });
});
