/**
 * The vocabulary of the hard template corpus (`npm run corpus -- --hard`):
 * entity kinds with their short forms and the words a report's body uses
 * instead of the name (全区, 园区, 全县), the character pool invented names are
 * built from, and one report template per group of kinds. Metrics, their
 * statements and questions come from corpus-model.ts.
 *
 * What makes it hard (checked by test/bench/hard-corpus.test.ts): documents
 * of one template differ only by entity, year and figures; names are pairs
 * of characters from one small pool (汇川, 川汇, 汇泽 …) that the word
 * segmenter does not know; many facts stand in paragraphs that never name
 * the entity; a report's last section states next year's targets with the
 * same indicators.
 */

/** Report templates, one per group of entity kinds. */
export type TemplateGroup = 'zone' | 'park' | 'county';

/** A kind of entity and how reports and users write it. */
export interface HardKind {
  /** The kind as a title writes it: 经济技术开发区. */
  kind: string;
  /** How users and report bodies shorten it after a name (汇川经开区); equal to `kind` when it has no short form. */
  short: string;
  /** For file names. */
  slug: string;
  group: TemplateGroup;
  /** What a report's body says instead of the name (全区, 开发区); a template paragraph uses one of them. */
  generic: readonly [string, string];
  /** The issuing body after the full name (汇川经济技术开发区管理委员会). */
  issuer: string;
  /** Relative frequency among entities. */
  weight: number;
}

export const HARD_KINDS: readonly HardKind[] = [
  { kind: '经济技术开发区', short: '经开区', slug: 'jingkaiqu', group: 'zone', generic: ['全区', '开发区'], issuer: '管理委员会', weight: 5 },
  { kind: '高新技术产业开发区', short: '高新区', slug: 'gaoxinqu', group: 'zone', generic: ['全区', '高新区'], issuer: '管理委员会', weight: 5 },
  { kind: '综合保税区', short: '综保区', slug: 'zongbaoqu', group: 'park', generic: ['全区', '综保区'], issuer: '管理委员会', weight: 3 },
  { kind: '工业园区', short: '园区', slug: 'gongyeyuanqu', group: 'park', generic: ['园区', '园区'], issuer: '管理委员会', weight: 3 },
  { kind: '县', short: '县', slug: 'xian', group: 'county', generic: ['全县', '全县'], issuer: '人民政府', weight: 4 },
];

/**
 * Characters of invented names, in the order names are drawn: the first
 * names of a corpus use only the first few characters (汇川, 川汇, 汇泽, 泽川 …),
 * so even a corpus of ten documents has names that share characters. None
 * occurs in a template; no pair of them is a word to the segmenter (pairs
 * that were — 涿鹿, 泾渭, 鸿雁, 楠川 — lost one of their characters).
 */
export const NAME_CHARS = Array.from(
  '汇川泽溪云岚澜桐榆槐岫峪泓沅湄漪渚璜琮珂瑾璞翎黛岱岑崧峦砚棠桦柘栎樟杞芷蘅苓荇蒲莼汶沣淇洹涑滏溆沔' +
    '鄢郾郓邺鄞睢濉沭邳郯鄄芮邶潍淄泗沂莒郕鄣缑崂峄枣桓榕蓟涿檀栾麒鸾鹤鸥鹭莺雁骊骏璋琨瑜琳瑶琪璐岷峨崃嶂潼渭汧漳淦赣浔',
);

/** One section of a template: its heading and the metrics (keys of METRICS) it reports, in order. */
export interface TemplateSection {
  heading: string;
  metrics: readonly string[];
}

/** A report template: every document of its group has these sections, sentences and targets. */
export interface TemplateSpec {
  group: TemplateGroup;
  /** Title with {E} full name and {Y} year. */
  title: string;
  sections: readonly TemplateSection[];
  /** Heading of the last section, next year's targets ({N} next year). */
  targetsHeading: string;
  /** Metrics whose growth the targets name (a trap for questions about next year). */
  targets: readonly string[];
}

export const TEMPLATES: Record<TemplateGroup, TemplateSpec> = {
  zone: {
    group: 'zone',
    title: '{E}{Y}年工作总结',
    sections: [
      { heading: '经济运行稳中向好', metrics: ['地区生产总值', '一般公共预算收入', '税收收入', '固定资产投资'] },
      { heading: '产业转型步伐加快', metrics: ['规模以上工业企业', '工业增加值', '专精特新企业', '上市公司'] },
      { heading: '对外开放实现新突破', metrics: ['进出口总额', '实际使用外资', '签约项目', '到位资金'] },
      { heading: '创新驱动成效显著', metrics: ['高新技术企业', '科技型中小企业', '研发平台', '研发经费投入强度', '发明专利授权', '高层次人才'] },
      { heading: '城市功能不断完善', metrics: ['建成区面积', '道路里程'] },
    ],
    targetsHeading: '{N}年工作安排',
    targets: ['地区生产总值', '固定资产投资', '进出口总额'],
  },
  park: {
    group: 'park',
    title: '{E}{Y}年工作情况报告',
    sections: [
      { heading: '开放型经济加快发展', metrics: ['进出口总额', '实际使用外资', '签约项目', '产业招商团组', '到位资金'] },
      { heading: '项目建设提速增效', metrics: ['固定资产投资', '从开工到投产', '规模以上工业企业', '工业增加值'] },
      { heading: '主要经济指标稳步增长', metrics: ['一般公共预算收入', '税收收入', '高新技术企业'] },
      { heading: '基础设施建设全面提速', metrics: ['公共绿化面积', '污水管网'] },
    ],
    targetsHeading: '{N}年工作打算',
    targets: ['进出口总额', '固定资产投资', '一般公共预算收入'],
  },
  county: {
    group: 'county',
    title: '{E}{Y}年国民经济和社会发展情况',
    sections: [
      { heading: '综合实力持续增强', metrics: ['地区生产总值', '一般公共预算收入', '固定资产投资', '社会消费品零售总额', '接待游客'] },
      { heading: '实体经济根基更加稳固', metrics: ['规模以上工业企业', '工业增加值', '粮食总产量'] },
      { heading: '城乡面貌持续改善', metrics: ['常住人口', '城镇化率', '棚户区改造', '人口自然增长率'] },
      { heading: '民生福祉不断增进', metrics: ['新增城镇就业', '城镇居民人均可支配收入', '农村居民人均可支配收入', '中小学', '村集体经济收入', '民生支出'] },
      { heading: '生态环境质量提升', metrics: ['森林覆盖率', '空气质量优良天数', '造林'] },
    ],
    targetsHeading: '{N}年主要目标',
    targets: ['地区生产总值', '社会消费品零售总额', '一般公共预算收入'],
  },
};

/**
 * The day the questions are imagined asked (written as `# asked on:` into
 * questions.jsonl): 去年 is the year before it. Documents are about years up
 * to the one before, so 去年 picks a report and 今年 none.
 */
export const ASKED_ON = '2025-03-01';

/** The last year documents are about: the year before ASKED_ON (entities' reports end in it or up to two years before). */
export const LAST_YEAR = 2024;
