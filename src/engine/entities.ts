/**
 * Entities: the places, zones and organisations documents are about and
 * questions ask about. Names come from two sources: the documents themselves
 * (a title such as 汇川经济技术开发区2024年工作总结 names its entity before its
 * year) and a fixed gazetteer of provinces and cities with their standard
 * short names (粤, 穗, 苏州 for 苏州市). A name is read as a core (汇川, 苏州)
 * and a kind (经济技术开发区, 市); a question may write the kind short
 * (汇川经开区) or leave it out (汇川).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** An entity as a document names it. */
export interface EntityName {
  /** The name as written (folded): 苏州市, 汇川经济技术开发区. */
  name: string;
  /** The distinctive part: 苏州, 汇川. */
  core: string;
  /** The kind of area or body after the core: 市, 经济技术开发区; '' when none is written. */
  kind: string;
  /** The area it lies in, when the name gives one first (东湖区 of 东湖区梅岭街道, 白沙县 of 白沙县清水镇). */
  parent?: EntityName;
}

/** An entity named in a text (a question, a sentence). */
export interface EntityMention extends EntityName {
  start: number;
  end: number;
  /** Whether the gazetteer or the documents know the core; an unknown name (川汇经开区) can match only text. */
  known: boolean;
  /** The province a gazetteer city belongs to, so 江苏苏州 names one place. */
  province: string | null;
  /** A one-character short name (粤, 穗): doubtful where the documents use the pair it starts as a word (新|改建). */
  single?: boolean;
}

interface GazetteerFile {
  provinces: { name: string; short: string[]; cities: string[] }[];
  cityAliases: Record<string, string[]>;
  areaKinds: string[];
}

/** One way of writing a gazetteer place. */
interface PlaceForm {
  core: string;
  kind: string;
  province: string | null;
  /** A one-character short form (粤, 穗): taken only where it stands as a word of its own. */
  single: boolean;
}

/** Suffixes of provincial names, longest first: 广西壮族自治区 → 广西. */
const PROVINCE_SUFFIX = /(?:壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$/;

class Gazetteer {
  /** Written form (folded) → the places it may stand for. */
  readonly forms = new Map<string, PlaceForm[]>();
  /** Kinds of areas (经济技术开发区, 市), longest first. */
  readonly kinds: string[];

  constructor(file: GazetteerFile) {
    this.kinds = [...new Set(file.areaKinds)].sort((a, b) => b.length - a.length);
    for (const province of file.provinces) {
      const core = province.name.replace(PROVINCE_SUFFIX, '');
      const kind = province.name.slice(core.length);
      this.add(province.name, { core, kind, province: null, single: false });
      this.add(core, { core, kind: '', province: null, single: false });
      for (const s of province.short) this.add(s, { core, kind: '', province: null, single: s.length === 1 });
      for (const city of province.cities) {
        this.add(`${city}市`, { core: city, kind: '市', province: core, single: false });
        this.add(city, { core: city, kind: '', province: core, single: false });
        for (const alias of file.cityAliases[city] ?? []) this.add(alias, { core: city, kind: '', province: core, single: alias.length === 1 });
      }
    }
  }

  private add(form: string, place: PlaceForm): void {
    const list = this.forms.get(form);
    if (list) list.push(place);
    else this.forms.set(form, [place]);
  }
}

let gazetteer: Gazetteer | undefined;

function places(): Gazetteer {
  gazetteer ??= new Gazetteer(JSON.parse(readFileSync(fileURLToPath(new URL('./gazetteer.json', import.meta.url)), 'utf8')) as GazetteerFile);
  return gazetteer;
}

/** Whether every character of `short` occurs in `long`, in order. */
export function isSubsequence(short: string, long: string): boolean {
  let at = 0;
  for (const ch of short) {
    at = long.indexOf(ch, at);
    if (at < 0) return false;
    at++;
  }
  return true;
}

/**
 * Whether `written` may stand for the kind `kind`: the same, an abbreviation
 * ending as it ends (经开区, 开发区 for 经济技术开发区), or its beginning (电子 of
 * 电子股份有限公司).
 */
export function kindMatches(written: string, kind: string): boolean {
  return written === kind || isAbbreviationOf(written, kind) || (written.length >= 2 && kind.startsWith(written));
}

/** Whether `written` abbreviates `kind` as it ends (经开区, 开发区 for 经济技术开发区), not a mere beginning of it. */
export function isAbbreviationOf(written: string, kind: string): boolean {
  if (written === kind) return true;
  if (!written || !kind || written.length > kind.length) return false;
  return written[written.length - 1] === kind[kind.length - 1] && written[0] !== kind[kind.length - 1] && isSubsequence(written, kind);
}

/** Whether two kinds can name the same entity (either may be written short, or missing). */
export function kindsAgree(a: string, b: string): boolean {
  return !a || !b || kindMatches(a, b) || kindMatches(b, a);
}

/** Whether a mention (or another name) stands for an entity: the same core, kinds that agree. */
export function standsFor(mention: Pick<EntityName, 'core' | 'kind'>, entity: EntityName): boolean {
  return entity.core === mention.core && kindsAgree(mention.kind, entity.kind);
}

const HAN = /^\p{Script=Han}+$/u;
/** Characters that make a name generic (全市, 本区, 该县, 各开发区, 我区), not an entity. */
const GENERIC_START = new Set('全本该各我其此每这那某两'.split(''));
/** What may stand before a one-character short name: nothing, a time, a conjunction, a question opener. */
const SHORT_NAME_BEFORE = /(?:^|[\s,，、和与及跟同比年月度]|请问|问一下|想知道)$/u;
/** Characters that end a run of name characters going back from a kind (2024年|川汇经开区, 的, 和). */
const NAME_STOP = new Set('年月日的了和与及在是有从到对为将把被比较全本该各我其此每这那'.split(''));

const segmenter = new Intl.Segmenter('zh', { granularity: 'word' });

/** Words of a text with their offsets. */
function words(text: string): { word: string; start: number }[] {
  return [...segmenter.segment(text)].map((s) => ({ word: s.segment, start: s.index }));
}

/** The entity names of a corpus, indexed for finding them in questions and text. */
export class EntityLexicon {
  /** Every distinct entity name of the documents. */
  readonly names: readonly EntityName[];
  /** Cores by their first character. */
  readonly #cores = new Map<string, string[]>();
  /** Names by their core. */
  readonly #byCore = new Map<string, EntityName[]>();
  /** Kinds of the documents' names and of the gazetteer, longest first. */
  readonly kinds: readonly string[];

  constructor(names: readonly EntityName[]) {
    const seen = new Map<string, EntityName>();
    for (const n of names) seen.set(`${n.core}|${n.kind}`, n);
    this.names = [...seen.values()];
    const kinds = new Set(places().kinds);
    for (const n of this.names) {
      if (n.kind) kinds.add(n.kind);
      const same = this.#byCore.get(n.core);
      if (same) same.push(n);
      else this.#byCore.set(n.core, [n]);
      const list = this.#cores.get(n.core[0]!) ?? [];
      if (!list.includes(n.core)) list.push(n.core);
      this.#cores.set(n.core[0]!, list);
    }
    for (const list of this.#cores.values()) list.sort((a, b) => b.length - a.length);
    this.kinds = [...kinds].sort((a, b) => b.length - a.length);
  }

  /** Whether a core is known to the documents or the gazetteer. */
  knows(core: string): boolean {
    return (this.#cores.get(core[0]!)?.includes(core) ?? false) || places().forms.has(core);
  }

  /**
   * Whether the one character at `at` stands as a short name (粤GDP, 去年穗…):
   * a word of its own where a name can start, not the first character of a
   * place word (新区). (Whether the documents use the pair it starts as a
   * word, 新|改建, is known only with their frequencies: see `single`.)
   */
  #standsAsShortName(text: string, at: number, wordAt: Map<number, string>): boolean {
    const pair = text.slice(at, at + 2);
    return wordAt.get(at) === text[at] && SHORT_NAME_BEFORE.test(text.slice(0, at)) && !this.kinds.some((k) => k.length === 1 && pair[1] === k);
  }

  /** The longest known core (of the documents or the gazetteer) at `at`, with what it stands for. */
  #knownAt(text: string, at: number, wordAt: Map<number, string>): { length: number; core: string; kind: string; province: string | null } | null {
    let best: { length: number; core: string; kind: string; province: string | null } | null = null;
    for (const core of this.#cores.get(text[at]!) ?? []) {
      if (core.length >= 2 && text.startsWith(core, at)) {
        best = { length: core.length, core, kind: '', province: null };
        break;
      }
    }
    const gaz = places();
    for (let len = Math.min(8, text.length - at); len >= 1; len--) {
      if (best && len <= best.length) break;
      const forms = gaz.forms.get(text.slice(at, at + len));
      if (!forms) continue;
      const form = forms[0]!;
      // A one-character short name (粤, 穗) counts only as a word of its own (not 新 of 新增) where a
      // name can start: at the start, or after a time or a conjunction (去年粤…, 苏州和穗…), not 高|新|技术.
      if (form.single && !this.#standsAsShortName(text, at, wordAt)) continue;
      best = { length: len, core: form.core, kind: form.kind, province: form.province };
      break;
    }
    return best;
  }

  /**
   * The longest kind written at `at` (经开区, 工业园区, 市), or ''. After a
   * known name, the beginning of that name's own kind counts too (华兴|电子 for
   * 华兴电子股份有限公司); an unknown name takes only whole kinds or their
   * abbreviations, so 规上|工业 is no name.
   */
  #kindAt(text: string, at: number, core: string | null): string {
    const rest = text.slice(at, at + 10);
    const own = core === null ? [] : (this.#byCore.get(core) ?? []).map((n) => n.kind);
    let best = '';
    for (const kind of [...own, ...this.kinds]) {
      const ownKind = own.includes(kind);
      for (let len = Math.min(kind.length, rest.length); len > best.length; len--) {
        const written = rest.slice(0, len);
        const ok = written === kind || isAbbreviationOf(written, kind) || (ownKind && len >= 2 && kind.startsWith(written));
        // After a name, a one-character kind must be written in full (苏州市, not 汇川区 for a 经开区).
        if (ok && (core === null || len > 1 || kind.length === 1)) {
          best = written;
          break;
        }
      }
    }
    return best;
  }

  /**
   * Entities named in folded text, left to right: known names with the kind
   * written after them (苏州市, 汇川经开区, 粤), and unknown names before a kind
   * of area (川汇经开区, 双创园区). Generic ones (全市, 本区) are not entities.
   */
  mentions(text: string, notNames: ReadonlySet<number> = new Set()): EntityMention[] {
    const ws = words(text);
    const wordAt = new Map(ws.map((w) => [w.start, w.word]));
    for (const at of notNames) wordAt.delete(at);
    // Known names of two or more characters first, then unknown names before a kind of area
    // (川汇经开区), then one-character short names (粤) where neither stands.
    const out = this.#knownMentions(text, wordAt, [], false);
    for (const unknown of this.#unknownMentions(text, ws, out)) out.push(unknown);
    for (const single of this.#knownMentions(text, wordAt, out, true)) out.push(single);
    out.sort((a, b) => a.start - b.start);
    // 江苏苏州: a province followed by one of its cities names the city.
    return out.filter((m, i) => !(m.province === null && out[i + 1]?.province === m.core && out[i + 1]!.start === m.end));
  }

  /** Known names (of the documents or the gazetteer) with the kind written after them, outside `taken`. */
  #knownMentions(text: string, wordAt: Map<number, string>, taken: readonly EntityMention[], single: boolean): EntityMention[] {
    const out: EntityMention[] = [];
    for (let at = 0; at < text.length; ) {
      const blocked = taken.some((m) => at >= m.start && at < m.end);
      const known = blocked ? null : this.#knownAt(text, at, wordAt);
      if (!known || (known.length === 1) !== single) {
        at++;
        continue;
      }
      const end = at + known.length;
      const kind = known.kind ? '' : this.#kindAt(text, end, known.core);
      out.push({
        name: text.slice(at, end + kind.length),
        core: known.core,
        kind: known.kind || kind,
        start: at,
        end: end + kind.length,
        known: true,
        province: known.province,
        ...(single ? { single: true } : {}),
      });
      at = end + kind.length;
    }
    return out;
  }

  /**
   * Unknown names right before a kind of area: the run of single characters
   * the segmenter could not read as words (川汇|经开区, 双创|园区). Kinds are
   * read left to right, so 经开区 is one kind, not the name 经开 and 区.
   */
  *#unknownMentions(text: string, ws: { word: string; start: number }[], known: EntityMention[]): Generator<EntityMention> {
    const covered = (i: number): boolean => known.some((m) => i >= m.start && i < m.end);
    let after = 0;
    for (let w = 0; w < ws.length; w++) {
      const kindStart = ws[w]!.start;
      if (kindStart < after || covered(kindStart)) continue;
      const kind = this.#kindAt(text, kindStart, null);
      if (!kind) continue;
      after = kindStart + kind.length;
      let nameStart = kindStart;
      for (let v = w - 1; v >= 0; v--) {
        const word = ws[v]!.word;
        if (word.length !== 1 || !HAN.test(word) || NAME_STOP.has(word) || covered(ws[v]!.start) || kindStart - ws[v]!.start > 3) break;
        nameStart = ws[v]!.start;
      }
      const name = text.slice(nameStart, kindStart);
      if (name.length < 2 || GENERIC_START.has(name[0]!)) continue;
      yield { name: name + kind, core: name, kind, start: nameStart, end: after, known: this.knows(name), province: null };
    }
  }

  /** The documents' names that a mention may stand for. */
  resolve(mention: EntityMention): EntityName[] {
    return (this.#byCore.get(mention.core) ?? []).filter((n) => kindsAgree(mention.kind, n.kind));
  }

  /** Whether `text` (folded) names the entity of a mention: its core, followed by a kind that agrees. */
  named(text: string, mention: Pick<EntityName, 'core' | 'kind'>): boolean {
    for (let at = text.indexOf(mention.core); at >= 0; at = text.indexOf(mention.core, at + 1)) {
      if (!mention.kind) return true;
      const kind = this.#kindAt(text, at + mention.core.length, mention.core);
      if (!kind || kindsAgree(kind, mention.kind)) return true;
    }
    return false;
  }

  /**
   * Whether `text` (folded) names an entity other than the asked one and the
   * document's (温州 in 浙江's bulletin, 成都都市圈 when 成都市 is asked); the
   * province the asked place lies in (根据四川省统计局统一核算) is no other.
   */
  namesOther(text: string, asked: Pick<EntityName, 'core' | 'kind'>, own: EntityName | null): boolean {
    const gaz = places();
    const same = (core: string): boolean => core === asked.core || core === own?.core || core === own?.parent?.core || asked.core.includes(core) || core.includes(asked.core);
    const around = new Set([provinceOf(asked.core), own ? provinceOf(own.core) : null]);
    for (let at = 0; at + 1 < text.length; at++) {
      let core: string | null = null;
      for (const c of this.#cores.get(text[at]!) ?? []) if (c.length >= 2 && text.startsWith(c, at)) core = c;
      for (let len = 4; len >= 2 && !core; len--) {
        const form = gaz.forms.get(text.slice(at, at + len))?.[0];
        if (form && !form.single) core = form.core;
      }
      if (!core) continue;
      if (!same(core)) {
        if (!around.has(core)) return true;
        continue;
      }
      // The asked core with another kind after it (成都都市圈) is another entity.
      const kind = this.#kindAt(text, at + core.length, core);
      if (kind.length >= 2 && !kindsAgree(kind, own?.kind || asked.kind)) return true;
    }
    return false;
  }
}

/** The province (its core) a gazetteer city lies in, or null. */
export function provinceOf(core: string): string | null {
  return places().forms.get(core)?.find((f) => f.province !== null)?.province ?? null;
}

/** Kinds of areas the gazetteer knows (经济技术开发区, 市), longest first. */
export function areaKinds(): readonly string[] {
  return places().kinds;
}

/**
 * Kinds the documents' names share: a tail of two or more characters that
 * several names end with, each leaving a core of two or more (XX股份有限公司).
 */
export function sharedKinds(names: readonly string[]): string[] {
  const counts = new Map<string, Set<string>>();
  for (const name of new Set(names)) {
    for (let len = 2; name.length - len >= 2; len++) {
      const tail = name.slice(-len);
      const heads = counts.get(tail) ?? new Set();
      heads.add(name.slice(0, -len));
      counts.set(tail, heads);
    }
  }
  return [...counts].filter(([, heads]) => heads.size >= 2).map(([tail]) => tail);
}

/** Reads a title's lead (the text before its first year or period) as an entity name, or null. */
export function entityFromTitle(lead: string, kinds: readonly string[] = areaKinds()): EntityName | null {
  // The body that issues the report is the entity's (石港高新技术产业开发区管理委员会 → 石港高新技术产业开发区).
  const name = lead.replace(/^[《“"「『【(（\s]+|[》”"」』】)）\s:：,，、—\-]+$/gu, '').replace(ISSUING_BODY, '');
  if (name.length < 2 || name.length > 24 || !/^[\p{Script=Han}A-Za-z0-9·]+$/u.test(name)) return null;
  // A title lead like 关于印发… or 全市 is no name.
  if (/关于|印发|的/.test(name) || GENERIC_START.has(name[0]!)) return null;
  return splitName(name, kinds);
}

/** The body of an area that issues its reports, after the area's name. */
const ISSUING_BODY = /(?:管理委员会|管委会|人民政府|统计局)$/u;

/**
 * A name as core and kind: a place and its kind (苏州|市) or one of its bodies
 * (成都市文化广电旅游局 is 成都's); a name after a place (浙江|澜拓智能装备…) is
 * read without it; then the longest known kind at its end
 * (泽川|高新技术产业开发区), else the segmenter's reading (the characters it
 * could not read as words: 汇川|…, 澜拓|智能装备股份有限公司).
 */
export function splitName(name: string, kinds: readonly string[] = areaKinds()): EntityName {
  const inner = innerArea(name);
  if (inner) return { ...splitName(name.slice(inner), kinds), parent: splitName(name.slice(0, inner), kinds) };
  const gaz = places();
  for (let len = Math.min(8, name.length); len >= 2; len--) {
    const form = gaz.forms.get(name.slice(0, len))?.[0];
    if (!form || form.single) continue;
    const rest = name.slice(len);
    if (!rest || kinds.some((k) => rest === k || isAbbreviationOf(rest, k))) return { name, core: form.core, kind: rest || form.kind };
    const next = words(rest).map((w) => w.word);
    // A body of the place (…文化广电旅游局) names the place; a name of its own after it (澜拓…) does not.
    if (!(next[0]?.length === 1 && next[1]?.length === 1)) return { name: name.slice(0, len), core: form.core, kind: form.kind };
    return { ...splitName(rest, kinds), name };
  }
  let kind = '';
  for (const k of kinds) if (k.length > kind.length && name.endsWith(k) && name.length - k.length >= 2) kind = k;
  // A zone named after its city (岳川市经济技术开发区) is 岳川's, as 岳川经开区 asks.
  if (kind) return { name, core: name.slice(0, -kind.length).replace(CITY_BEFORE_ZONE, ''), kind };
  const ws = words(name).map((w) => w.word);
  let core = '';
  for (const w of ws) {
    if (w.length !== 1) break;
    core += w;
  }
  if (core.length < 2) core = ws[0]!.length >= 2 ? ws[0]! : name.slice(0, 2);
  return { name, core, kind: name.slice(core.length) };
}

/**
 * Where the name of an area inside another begins (东湖区|梅岭街道, 白沙县|清水镇,
 * 苏州市|吴中区), or 0: the name is an area's name and kind followed by another
 * name of two or more characters and a kind of area. The last such place wins
 * (the most specific area is the one named).
 */
function innerArea(name: string): number {
  const kinds = places().kinds;
  const endsWithKind = (text: string): string | undefined => kinds.find((k) => text.endsWith(k) && text.length - k.length >= 2);
  for (let at = name.length - 3; at >= 3; at--) {
    const outerKind = endsWithKind(name.slice(0, at));
    const innerKind = outerKind ? endsWithKind(name.slice(at)) : undefined;
    if (!outerKind || !innerKind) continue;
    const core = name.slice(at, name.length - innerKind.length);
    // 市经济技术开发区 is one area's kind, not a name: the inner core must be a name of its own.
    if (!GENERIC_START.has(core[0]!) && !kinds.some((k) => name.slice(at).startsWith(k))) return at;
  }
  return 0;
}

/** 市 or 县 ending a zone's core (岳川市|经济技术开发区). */
const CITY_BEFORE_ZONE = /(?<=\p{Script=Han}{2})[市县]$/u;

/** Whether a core is a proper name: a place the gazetteer knows, or a name the segmenter cannot read as words (汇川, 澜拓). */
export function isProperName(core: string): boolean {
  return places().forms.has(core) || words(core).every((w) => w.word.length === 1);
}

/** Places of the gazetteer named in folded text (苏州市统计局 → 苏州市), longest first at each position. */
export function gazetteerPlaces(text: string): EntityName[] {
  const gaz = places();
  const out: EntityName[] = [];
  for (let at = 0; at < text.length; at++) {
    for (let len = Math.min(8, text.length - at); len >= 2; len--) {
      const forms = gaz.forms.get(text.slice(at, at + len));
      if (!forms) continue;
      out.push({ name: text.slice(at, at + len), core: forms[0]!.core, kind: forms[0]!.kind });
      at += len - 1;
      break;
    }
  }
  return out;
}
