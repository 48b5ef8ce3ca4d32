/**
 * Parses Telegram's HTML parse mode the way the Bot API does: only the
 * supported tags, properly nested; only the four named entities plus numeric
 * ones; the result is plain text with entities (UTF-16 offsets). Anything else
 * is refused with Telegram's own "can't parse entities" wording.
 */

/** A formatting entity as the Bot API returns it. */
export interface MessageEntity {
  type: string;
  offset: number;
  length: number;
  url?: string;
  language?: string;
}

/** The Bot API refused a text: the description is what Telegram would send. */
export class EntityParseError extends Error {
  override name = 'EntityParseError';
}

const TAG_TYPES: Record<string, string> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  'tg-spoiler': 'spoiler',
  span: 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

function byteOffset(source: string, index: number): number {
  return Buffer.byteLength(source.slice(0, index), 'utf8');
}

function parseAttributes(raw: string, source: string, at: number): Record<string, string> {
  const attrs: Record<string, string> = {};
  const re = /\s*([a-zA-Z_-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/y;
  let i = 0;
  const rest = raw.trimEnd();
  while (i < rest.length) {
    re.lastIndex = i;
    const m = re.exec(rest);
    if (m === null || m[0].length === 0) {
      throw new EntityParseError(
        `Bad Request: can't parse entities: Expected equal sign in declaration of an attribute of the tag at byte offset ${byteOffset(source, at)}`,
      );
    }
    attrs[m[1]!.toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? '', source, at);
    i = re.lastIndex;
  }
  return attrs;
}

function decodeEntities(s: string, source: string, at: number): string {
  return s.replace(/&([^;\s&<]*);?/g, (whole, name: string) => decodeOne(whole, name, source, at));
}

function decodeOne(whole: string, name: string, source: string, at: number): string {
  if (!whole.endsWith(';')) {
    throw new EntityParseError(
      `Bad Request: can't parse entities: Can't find end of the entity starting at byte offset ${byteOffset(source, at)}`,
    );
  }
  const named = NAMED[name.toLowerCase()];
  if (named !== undefined) return named;
  const num = /^#(\d+)$/.exec(name) ?? null;
  const hex = /^#x([0-9a-f]+)$/i.exec(name) ?? null;
  const code = num !== null ? Number(num[1]) : hex !== null ? parseInt(hex[1]!, 16) : NaN;
  if (Number.isInteger(code) && code > 0 && code <= 0x10ffff) return String.fromCodePoint(code);
  throw new EntityParseError(
    `Bad Request: can't parse entities: Unsupported entity "${whole}" at byte offset ${byteOffset(source, at)}`,
  );
}

/**
 * Parses `source` in HTML parse mode.
 *
 * @throws {EntityParseError} for unknown or unbalanced tags and bad entities.
 */
export function parseHtml(source: string): { text: string; entities: MessageEntity[] } {
  let text = '';
  const entities: MessageEntity[] = [];
  const stack: { tag: string; start: number; entity: MessageEntity; at: number }[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (ch === '<') {
      const end = source.indexOf('>', i);
      if (end === -1) {
        throw new EntityParseError(
          `Bad Request: can't parse entities: Unclosed start tag at byte offset ${byteOffset(source, i)}`,
        );
      }
      const inner = source.slice(i + 1, end);
      const closing = inner.startsWith('/');
      const m = /^\/?([a-zA-Z][a-zA-Z0-9-]*)([\s\S]*)$/.exec(inner);
      if (m === null) {
        throw new EntityParseError(
          `Bad Request: can't parse entities: Unsupported start tag "${inner}" at byte offset ${byteOffset(source, i)}`,
        );
      }
      const tag = m[1]!.toLowerCase();
      if (closing) {
        const open = stack.pop();
        if (open === undefined || open.tag !== tag) {
          throw new EntityParseError(
            `Bad Request: can't parse entities: Unmatched end tag at byte offset ${byteOffset(source, i)}, expected "</${open?.tag ?? ''}>", found "</${tag}>"`,
          );
        }
        open.entity.length = text.length - open.start;
        if (open.entity.length > 0) entities.push(open.entity);
      } else {
        const type = TAG_TYPES[tag];
        if (type === undefined) {
          throw new EntityParseError(
            `Bad Request: can't parse entities: Unsupported start tag "${tag}" at byte offset ${byteOffset(source, i)}`,
          );
        }
        const attrs = parseAttributes(m[2] ?? '', source, i);
        const entity: MessageEntity = { type, offset: text.length, length: 0 };
        if (tag === 'span' && attrs['class'] !== 'tg-spoiler') {
          throw new EntityParseError(
            `Bad Request: can't parse entities: Tag "span" must have class "tg-spoiler" at byte offset ${byteOffset(source, i)}`,
          );
        }
        if (tag === 'a') {
          const href = attrs['href'];
          if (href === undefined || !/^(https?:\/\/|tg:\/\/)/i.test(href)) {
            throw new EntityParseError(`Bad Request: can't parse entities: Wrong URL in "a" tag`);
          }
          entity.url = href;
        }
        if (tag === 'blockquote' && 'expandable' in attrs) entity.type = 'expandable_blockquote';
        stack.push({ tag, start: text.length, entity, at: i });
      }
      i = end + 1;
    } else if (ch === '&') {
      const m = /^&([^;\s&<]*);?/.exec(source.slice(i, i + 12));
      const whole = m?.[0] ?? '&';
      text += decodeOne(whole, m?.[1] ?? '', source, i);
      i += whole.length;
    } else {
      text += ch;
      i += 1;
    }
  }
  const open = stack.pop();
  if (open !== undefined) {
    throw new EntityParseError(
      `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${open.tag}"`,
    );
  }
  entities.sort((a, b) => a.offset - b.offset || b.length - a.length);
  return { text, entities };
}

/** Entities a Telegram client would add to a plain text a user typed. */
export function detectUserEntities(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const re = /(^|[\s(（])(\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?|@[a-zA-Z0-9_]{4,32}|#[^\s#@.,!?;:，。！？；：]+)/gu;
  for (const m of text.matchAll(re)) {
    const token = m[2]!;
    const offset = m.index + m[1]!.length;
    const type = token.startsWith('/') ? 'bot_command' : token.startsWith('@') ? 'mention' : 'hashtag';
    entities.push({ type, offset, length: token.length });
  }
  return entities;
}
