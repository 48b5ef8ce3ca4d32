/**
 * callback_data for inline buttons: at most 64 bytes, never the user's
 * question, only ids that any bot instance can resolve against the same data
 * (passage ids, document ids or indexes, section indexes). The reply script is
 * carried along so a button pressed under a traditional answer stays traditional.
 * Buttons that point into the documents by position also carry the
 * generation tag of the engine that made them (generation.ts), so a press
 * after the documents changed is recognised as expired.
 */
import type { Script } from '../engine/types.ts';

/** Telegram's limit on callback_data, in bytes. */
export const MAX_CALLBACK_BYTES = 64;

/** A document reference: its id when short enough, otherwise its position. */
export type DocRef = { id: string } | { index: number };

/**
 * What a button does. List pages with `inPlace` replace the list they are on
 * (paging); without it they are sent as a new message (from an answer card).
 */
export type Action =
  | { kind: 'more'; passageIds: number[] }
  | { kind: 'passage-section'; passageId: number }
  | { kind: 'section'; doc: DocRef; section: number }
  | { kind: 'documents'; page: number; inPlace: boolean }
  | { kind: 'document'; doc: DocRef; page: number; inPlace: boolean }
  | { kind: 'example'; passageId: number }
  | { kind: 'noop' };

const KIND_CODES = {
  more: 'm',
  'passage-section': 'p',
  section: 's',
  example: 'x',
  noop: 'n',
} as const;

/** Whether an action points into the documents by position, and so carries a generation tag. */
export function isPositional(action: Action): boolean {
  return action.kind !== 'documents' && action.kind !== 'noop';
}

/** A decoded button: what it does, the reply script, and the generation tag ('' when it has none). */
export interface DecodedAction {
  action: Action;
  script: Script;
  tag: string;
}

const TAG = /^[0-9a-z]{1,6}$/u;

function kindCode(action: Action): string {
  if (action.kind === 'documents') return action.inPlace ? 'L' : 'D';
  if (action.kind === 'document') return action.inPlace ? 'l' : 'd';
  return KIND_CODES[action.kind];
}

const n36 = (n: number) => n.toString(36);

function parseN36(s: string | undefined): number | undefined {
  if (s === undefined || !/^[0-9a-z]{1,11}$/.test(s)) return undefined;
  const n = parseInt(s, 36);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Builds a reference to a document that fits in callback_data. */
export function docRef(id: string, index: number): DocRef {
  const fits = Buffer.byteLength(id, 'utf8') <= 40 && !id.includes(':') && !id.startsWith('#') && id.length > 0;
  return fits ? { id } : { index };
}

function encodeDoc(doc: DocRef): string {
  return 'id' in doc ? doc.id : `#${n36(doc.index)}`;
}

function decodeDoc(s: string | undefined): DocRef | undefined {
  if (s === undefined || s === '') return undefined;
  if (s.startsWith('#')) {
    const index = parseN36(s.slice(1));
    return index === undefined ? undefined : { index };
  }
  return { id: s };
}

/**
 * Encodes an action with the generation tag of the engine it points into
 * (ignored for actions that do not point by position); throws if the result
 * would exceed 64 bytes or a positional action has no valid tag.
 */
export function encodeAction(action: Action, script: Script, tag: string): string {
  const positional = isPositional(action);
  if (positional && !TAG.test(tag)) throw new RangeError(`wenda-bot: a ${action.kind} button needs a generation tag`);
  const head = `${kindCode(action)}:${script === 'traditional' ? 't' : 's'}${positional ? `:${tag}` : ''}`;
  let data: string;
  switch (action.kind) {
    case 'more':
      data = `${head}:${action.passageIds.map(n36).join('.')}`;
      break;
    case 'passage-section':
    case 'example':
      data = `${head}:${n36(action.passageId)}`;
      break;
    case 'section':
      data = `${head}:${encodeDoc(action.doc)}:${n36(action.section)}`;
      break;
    case 'documents':
      data = `${head}:${n36(action.page)}`;
      break;
    case 'document':
      data = `${head}:${encodeDoc(action.doc)}:${n36(action.page)}`;
      break;
    case 'noop':
      data = head;
      break;
  }
  if (Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_BYTES) {
    throw new RangeError(`wenda-bot: callback data over ${MAX_CALLBACK_BYTES} bytes: ${data}`);
  }
  return data;
}

/**
 * Encodes a "more" button with as many of `passageIds` (in order) as fit in
 * 64 bytes; returns undefined when the list is empty.
 */
export function encodeMore(passageIds: readonly number[], script: Script, tag: string): string | undefined {
  const ids: number[] = [];
  for (const id of passageIds) {
    const next = [...ids, id];
    const data = `m:s:${tag}:${next.map(n36).join('.')}`;
    if (Buffer.byteLength(data, 'utf8') > MAX_CALLBACK_BYTES) break;
    ids.push(id);
  }
  return ids.length === 0 ? undefined : encodeAction({ kind: 'more', passageIds: ids }, script, tag);
}

/** Decodes callback_data; undefined for anything malformed or foreign (including buttons made before tags). */
export function decodeAction(data: string): DecodedAction | undefined {
  const [code, scriptCode, ...fields] = data.split(':');
  if (scriptCode !== 's' && scriptCode !== 't') return undefined;
  const script: Script = scriptCode === 't' ? 'traditional' : 'simplified';
  // Every kind but the document list and no-op carries the tag first.
  const tagged = code !== 'D' && code !== 'L' && code !== 'n';
  const tag = tagged ? (fields[0] ?? '') : '';
  if (tagged && !TAG.test(tag)) return undefined;
  const rest = tagged ? fields.slice(1) : fields;
  const wrap = (action: Action | undefined) => (action === undefined ? undefined : { action, script, tag });
  switch (code) {
    case 'm': {
      if (rest.length !== 1) return undefined;
      const ids = rest[0]!.split('.').map(parseN36);
      if (ids.length === 0 || ids.some((id) => id === undefined)) return undefined;
      return wrap({ kind: 'more', passageIds: ids as number[] });
    }
    case 'p':
    case 'x': {
      const passageId = rest.length === 1 ? parseN36(rest[0]) : undefined;
      if (passageId === undefined) return undefined;
      return wrap(code === 'p' ? { kind: 'passage-section', passageId } : { kind: 'example', passageId });
    }
    case 's':
    case 'd':
    case 'l': {
      if (rest.length !== 2) return undefined;
      const doc = decodeDoc(rest[0]);
      const n = parseN36(rest[1]);
      if (doc === undefined || n === undefined) return undefined;
      return wrap(code === 's' ? { kind: 'section', doc, section: n } : { kind: 'document', doc, page: n, inPlace: code === 'l' });
    }
    case 'D':
    case 'L': {
      const page = rest.length === 1 ? parseN36(rest[0]) : undefined;
      return page === undefined ? undefined : wrap({ kind: 'documents', page, inPlace: code === 'L' });
    }
    case 'n':
      return rest.length === 0 ? wrap({ kind: 'noop' }) : undefined;
    default:
      return undefined;
  }
}
