/**
 * The vocabulary of the synthetic corpus: what a Chinese local-government work
 * report talks about (metrics with their units and ranges, how a report states
 * them, how a user asks for them), plus headings, filler sentences and the
 * character pool for place names.
 *
 * Rules that keep generated facts distinguishable (checked by the tests):
 * every metric `key` is unique, is not a substring of another key, and does
 * not occur in any other metric's templates, in filler sentences or in
 * headings; place-name characters occur nowhere else.
 *
 * Template slots: {E} the entity (e.g. 枫溪高新区), {Y} the year, {F} the main
 * figure, {G} the paired figure, {P} a project name. Questions use {S}, the
 * subject (entity, with or without the year).
 */

/** A section topic; each document section covers one. */
export type Topic = 'economy' | 'industry' | 'opening' | 'innovation' | 'urban' | 'livelihood' | 'ecology';

/** How a figure is written. */
export interface FigureFormat {
  /** The unit as written after the number ("家", "亿元", "%"). */
  unit: string;
  /** Smallest and largest value (before magnitude such as 万). */
  min: number;
  max: number;
  /** Decimal places. */
  decimals: number;
  /** Whether qualifiers (余, 多, 超, 近, 约) may be attached. Default true. */
  qualifiers?: boolean;
  /** Whether small integers may be written in Chinese numerals (十六个). */
  chinese?: boolean;
  /** For 人: values of 10,000 and more are written as "1.8万人". */
  wan?: boolean;
}

/** A second figure stated in the same sentence (growth, points, an amount). */
export interface PairedFigure {
  /** What the pair is called in a question-free sense, for the passage fragment. */
  format: FigureFormat;
  /** Questions that ask for the paired figure ({S} subject). */
  questions: string[];
}

/** One metric a report states and a user asks for. */
export interface Metric {
  /** A term that names the metric; unique across the catalogue. */
  key: string;
  topic: Topic;
  format: FigureFormat;
  /** Statements with {E}, {F} (and {G} when paired); the key must precede {F}. */
  statements: string[];
  /** Questions asking for {F}, with {S}. */
  questions: string[];
  /** A second figure in the same sentence. */
  pair?: PairedFigure;
  /** Whether statements use a project name {P}. */
  project?: boolean;
  /** The key is a verb phrase (接待游客), so a question cannot put 的 before it. */
  verbal?: boolean;
}

const growth: FigureFormat = { unit: '%', min: 1.5, max: 14.5, decimals: 1, qualifiers: false };
const growthQuestions = (key: string): string[] => [
  `{S}${key}增长了多少`,
  `{S}${key}同比增长多少`,
  `{S}${key}增速是多少`,
];

/** The metric catalogue. */
export const METRICS: Metric[] = [
  // Economy
  {
    key: '地区生产总值', topic: 'economy',
    format: { unit: '亿元', min: 60, max: 2400, decimals: 1 },
    statements: ['{E}全年实现地区生产总值{F}，同比增长{G}', '{E}完成地区生产总值{F}，比上年增长{G}'],
    questions: ['{S}地区生产总值是多少', '{S}的地区生产总值有多少', '{S}实现地区生产总值多少亿元'],
    pair: { format: growth, questions: growthQuestions('地区生产总值') },
  },
  {
    key: '一般公共预算收入', topic: 'economy',
    format: { unit: '亿元', min: 3, max: 260, decimals: 2 },
    statements: ['{E}一般公共预算收入完成{F}，增长{G}', '{E}实现一般公共预算收入{F}，同比增长{G}'],
    questions: ['{S}一般公共预算收入是多少', '{S}一般公共预算收入完成了多少'],
    pair: { format: growth, questions: growthQuestions('一般公共预算收入') },
  },
  {
    key: '税收收入', topic: 'economy',
    format: { unit: '亿元', min: 2, max: 180, decimals: 1 },
    statements: ['{E}税收收入达到{F}，占财政收入的比重持续提高', '{E}全年税收收入{F}，收入质量稳步提升'],
    questions: ['{S}税收收入有多少', '{S}税收收入是多少'],
  },
  {
    key: '固定资产投资', topic: 'economy',
    format: { unit: '亿元', min: 20, max: 1600, decimals: 1 },
    statements: ['{E}完成固定资产投资{F}，同比增长{G}', '{E}固定资产投资{F}，增长{G}'],
    questions: ['{S}固定资产投资是多少', '{S}完成固定资产投资多少'],
    pair: { format: growth, questions: growthQuestions('固定资产投资') },
  },
  {
    key: '社会消费品零售总额', topic: 'economy',
    format: { unit: '亿元', min: 15, max: 900, decimals: 1 },
    statements: ['{E}实现社会消费品零售总额{F}，同比增长{G}', '{E}社会消费品零售总额达{F}，增长{G}'],
    questions: ['{S}社会消费品零售总额是多少', '{S}社会消费品零售总额有多少'],
    pair: { format: growth, questions: growthQuestions('社会消费品零售总额') },
  },
  {
    key: '人口自然增长率', topic: 'economy',
    format: { unit: '‰', min: 0.8, max: 6.5, decimals: 1, qualifiers: false },
    statements: ['{E}人口自然增长率为{F}，人口结构总体稳定', '{E}人口自然增长率控制在{F}以内'],
    questions: ['{S}人口自然增长率是多少', '{S}人口自然增长率为多少'],
  },
  {
    key: '常住人口', topic: 'economy',
    format: { unit: '万人', min: 8, max: 320, decimals: 1 },
    statements: ['{E}年末常住人口{F}，人口集聚能力不断增强', '截至年末，{E}常住人口达到{F}'],
    questions: ['{S}常住人口有多少', '{S}常住人口是多少万人'],
  },
  // Industry
  {
    key: '规模以上工业企业', topic: 'industry',
    format: { unit: '家', min: 40, max: 1500, decimals: 0 },
    statements: ['{E}规模以上工业企业达到{F}，工业经济稳步回升', '{E}现有规模以上工业企业{F}'],
    questions: ['{S}有多少家规模以上工业企业', '{S}规模以上工业企业有多少家', '{S}规模以上工业企业数量是多少'],
  },
  {
    key: '工业增加值', topic: 'industry',
    format: { unit: '亿元', min: 10, max: 800, decimals: 1 },
    statements: ['{E}实现工业增加值{F}，同比增长{G}', '{E}工业增加值完成{F}，增长{G}'],
    questions: ['{S}工业增加值是多少', '{S}实现工业增加值多少'],
    pair: { format: growth, questions: growthQuestions('工业增加值') },
  },
  {
    key: '专精特新企业', topic: 'industry',
    format: { unit: '家', min: 3, max: 120, decimals: 0 },
    statements: ['{E}累计培育专精特新企业{F}，梯度培育体系基本形成', '{E}新增省级专精特新企业{F}'],
    questions: ['{S}有多少家专精特新企业', '{S}培育了多少家专精特新企业'],
  },
  {
    key: '产业集群', topic: 'industry',
    format: { unit: '大', min: 3, max: 10, decimals: 0, qualifiers: false, chinese: true },
    statements: ['{E}着力打造{F}产业集群，产业链条不断延伸', '{E}聚焦{F}产业集群精准发力'],
    questions: ['{S}打造了几大产业集群', '{S}聚焦几大产业集群'],
  },
  {
    key: '从开工到投产', topic: 'industry', project: true, verbal: true,
    format: { unit: '个月', min: 5, max: 18, decimals: 0, qualifiers: false },
    statements: ['{E}{P}项目从开工到投产仅用{F}，跑出了项目建设加速度', '{E}{P}项目从开工到投产用时{F}'],
    questions: ['{S}{P}项目从开工到投产用了多久', '{S}{P}项目从开工到投产用了多长时间'],
  },
  {
    key: '上市公司', topic: 'industry',
    format: { unit: '家', min: 3, max: 16, decimals: 0, qualifiers: false, chinese: true },
    statements: ['{E}境内外上市公司达到{F}，资本市场板块持续壮大', '{E}拥有上市公司{F}'],
    questions: ['{S}有多少家上市公司', '{S}上市公司有几家'],
  },
  {
    key: '粮食总产量', topic: 'industry',
    format: { unit: '万吨', min: 5, max: 120, decimals: 1 },
    statements: ['{E}粮食总产量达到{F}，连续多年保持稳定', '{E}全年粮食总产量{F}'],
    questions: ['{S}粮食总产量是多少', '{S}粮食总产量有多少万吨'],
  },
  // Opening up
  {
    key: '进出口总额', topic: 'opening',
    format: { unit: '亿元', min: 5, max: 600, decimals: 1 },
    statements: ['{E}完成进出口总额{F}，同比增长{G}', '{E}进出口总额达到{F}，增长{G}'],
    questions: ['{S}进出口总额是多少', '{S}完成进出口总额多少'],
    pair: { format: growth, questions: growthQuestions('进出口总额') },
  },
  {
    key: '实际使用外资', topic: 'opening',
    format: { unit: '亿美元', min: 0.5, max: 40, decimals: 2 },
    statements: ['{E}实际使用外资{F}，外资结构持续优化', '{E}全年实际使用外资{F}'],
    questions: ['{S}实际使用外资是多少', '{S}实际使用外资多少亿美元'],
  },
  {
    key: '签约项目', topic: 'opening',
    format: { unit: '个', min: 12, max: 260, decimals: 0 },
    statements: ['{E}全年签约项目{F}，总投资{G}', '{E}新引进签约项目{F}，计划总投资{G}'],
    questions: ['{S}签约项目有多少个', '{S}引进了多少个签约项目'],
    pair: {
      format: { unit: '亿元', min: 30, max: 1200, decimals: 1 },
      questions: ['{S}签约项目总投资是多少', '{S}签约项目总投资多少亿元'],
    },
  },
  {
    key: '产业招商团组', topic: 'opening',
    format: { unit: '个', min: 4, max: 18, decimals: 0, qualifiers: false, chinese: true },
    statements: ['{E}组建{F}产业招商团组，开展精准招商', '{E}成立产业招商团组{F}'],
    questions: ['{S}组建了多少个产业招商团组', '{S}成立了几个产业招商团组'],
  },
  {
    key: '到位资金', topic: 'opening',
    format: { unit: '亿元', min: 10, max: 700, decimals: 1 },
    statements: ['{E}招商引资到位资金{F}，招商质效明显提升', '{E}实现到位资金{F}'],
    questions: ['{S}招商引资到位资金是多少', '{S}到位资金有多少'],
  },
  {
    key: '接待游客', topic: 'opening', verbal: true,
    format: { unit: '万人次', min: 30, max: 2500, decimals: 0 },
    statements: ['{E}全年接待游客{F}，实现旅游收入{G}', '{E}接待游客{F}，旅游收入达到{G}'],
    questions: ['{S}接待游客多少万人次', '{S}全年接待了多少游客'],
    pair: {
      format: { unit: '亿元', min: 3, max: 260, decimals: 1 },
      questions: ['{S}旅游收入是多少', '{S}实现旅游收入多少'],
    },
  },
  // Innovation
  {
    key: '高新技术企业', topic: 'innovation',
    format: { unit: '家', min: 20, max: 900, decimals: 0 },
    statements: ['{E}高新技术企业总数达到{F}，创新主体不断壮大', '截至年末，{E}拥有高新技术企业{F}'],
    questions: ['{S}有多少家高新技术企业', '{S}高新技术企业有多少家', '{S}的高新技术企业总数是多少'],
  },
  {
    key: '科技型中小企业', topic: 'innovation',
    format: { unit: '家', min: 30, max: 1200, decimals: 0 },
    statements: ['{E}入库科技型中小企业{F}，科技企业梯队加快形成', '{E}评价入库科技型中小企业{F}'],
    questions: ['{S}有多少家科技型中小企业', '{S}科技型中小企业入库多少家'],
  },
  {
    key: '研发平台', topic: 'innovation',
    format: { unit: '个', min: 4, max: 90, decimals: 0 },
    statements: ['{E}新建省级以上研发平台{F}，创新载体日益完善', '{E}省级以上研发平台达到{F}'],
    questions: ['{S}有多少个省级以上研发平台', '{S}建了多少个研发平台'],
  },
  {
    key: '研发经费投入强度', topic: 'innovation',
    format: { unit: '%', min: 1.2, max: 4.8, decimals: 2, qualifiers: false },
    statements: ['{E}研发经费投入强度达到{F}，高于全省平均水平', '{E}研发经费投入强度为{F}'],
    questions: ['{S}研发经费投入强度是多少', '{S}研发经费投入强度达到多少'],
  },
  {
    key: '发明专利授权', topic: 'innovation',
    format: { unit: '件', min: 20, max: 3000, decimals: 0 },
    statements: ['{E}发明专利授权{F}，知识产权创造质量稳步提升', '{E}全年获得发明专利授权{F}'],
    questions: ['{S}发明专利授权多少件', '{S}获得了多少件发明专利授权'],
  },
  {
    key: '高层次人才', topic: 'innovation',
    format: { unit: '名', min: 15, max: 900, decimals: 0 },
    statements: ['{E}引进高层次人才{F}，人才结构持续优化', '{E}新引进各类高层次人才{F}'],
    questions: ['{S}引进了多少名高层次人才', '{S}引进高层次人才多少名'],
  },
  {
    key: '工作专班', topic: 'innovation',
    format: { unit: '个', min: 5, max: 20, decimals: 0, qualifiers: false, chinese: true },
    statements: ['{E}组建{F}工作专班，实行台账销号管理', '{E}成立工作专班{F}，推动重点工作落实'],
    questions: ['{S}组建了多少个工作专班', '{S}成立了几个工作专班'],
  },
  // Urban construction
  {
    key: '建成区面积', topic: 'urban',
    format: { unit: '平方公里', min: 8, max: 160, decimals: 0 },
    statements: ['{E}建成区面积达到{F}，城市框架不断拉开', '{E}建成区面积扩大到{F}'],
    questions: ['{S}建成区面积有多大', '{S}建成区面积是多少平方公里', '{S}建成区面积达到多少'],
  },
  {
    key: '公共绿化面积', topic: 'urban',
    format: { unit: '万平方米', min: 12, max: 600, decimals: 0 },
    statements: ['{E}新增公共绿化面积{F}，城市颜值持续提升', '{E}公共绿化面积增加{F}'],
    questions: ['{S}新增公共绿化面积是多少', '{S}公共绿化面积增加了多少'],
  },
  {
    key: '道路里程', topic: 'urban',
    format: { unit: '公里', min: 6, max: 180, decimals: 1 },
    statements: ['{E}新建改造道路里程{F}，路网体系更加完善', '{E}完成新建改造道路里程{F}'],
    questions: ['{S}新建改造道路里程是多少', '{S}新建改造道路里程有多少公里'],
  },
  {
    key: '污水管网', topic: 'urban',
    format: { unit: '公里', min: 5, max: 160, decimals: 1 },
    statements: ['{E}新铺设污水管网{F}，雨污分流改造加快推进', '{E}改造污水管网{F}'],
    questions: ['{S}铺设了多少公里污水管网', '{S}污水管网改造了多少公里'],
  },
  {
    key: '城镇化率', topic: 'urban',
    format: { unit: '%', min: 42, max: 86, decimals: 1, qualifiers: false },
    statements: ['{E}城镇化率达到{F}，比上年提高{G}', '{E}城镇化率为{F}，比上年提高{G}'],
    questions: ['{S}城镇化率是多少', '{S}城镇化率达到多少'],
    pair: {
      format: { unit: '个百分点', min: 0.3, max: 2.6, decimals: 1, qualifiers: false },
      questions: ['{S}城镇化率提高了多少个百分点', '{S}城镇化率比上年提高了多少'],
    },
  },
  {
    key: '棚户区改造', topic: 'urban',
    format: { unit: '套', min: 200, max: 9000, decimals: 0 },
    statements: ['{E}完成棚户区改造{F}，群众居住条件明显改善', '{E}棚户区改造开工{F}'],
    questions: ['{S}完成棚户区改造多少套', '{S}棚户区改造了多少套'],
  },
  // Livelihood
  {
    key: '新增城镇就业', topic: 'livelihood', verbal: true,
    format: { unit: '人', min: 800, max: 60000, decimals: 0, wan: true },
    statements: ['{E}新增城镇就业{F}，就业形势保持稳定', '{E}全年新增城镇就业{F}'],
    questions: ['{S}新增城镇就业多少人', '{S}新增城镇就业人数是多少'],
  },
  {
    key: '城镇居民人均可支配收入', topic: 'livelihood',
    format: { unit: '元', min: 21000, max: 68000, decimals: 0, qualifiers: false },
    statements: ['{E}城镇居民人均可支配收入{F}，增长{G}', '{E}城镇居民人均可支配收入达到{F}，同比增长{G}'],
    questions: ['{S}城镇居民人均可支配收入是多少', '{S}城镇居民人均可支配收入有多少元'],
    pair: { format: growth, questions: growthQuestions('城镇居民人均可支配收入') },
  },
  {
    key: '农村居民人均可支配收入', topic: 'livelihood',
    format: { unit: '元', min: 11000, max: 32000, decimals: 0, qualifiers: false },
    statements: ['{E}农村居民人均可支配收入{F}，增长{G}', '{E}农村居民人均可支配收入达到{F}，同比增长{G}'],
    questions: ['{S}农村居民人均可支配收入是多少', '{S}农村居民人均可支配收入有多少元'],
    pair: { format: growth, questions: growthQuestions('农村居民人均可支配收入') },
  },
  {
    key: '中小学', topic: 'livelihood',
    format: { unit: '所', min: 3, max: 40, decimals: 0, qualifiers: false },
    statements: ['{E}新建改扩建中小学{F}，新增学位供给', '{E}建成投用中小学{F}'],
    questions: ['{S}新建改扩建了多少所中小学', '{S}建成了几所中小学'],
  },
  {
    key: '村集体经济收入', topic: 'livelihood',
    format: { unit: '万元', min: 300, max: 9000, decimals: 0 },
    statements: ['{E}村集体经济收入总额达到{F}，薄弱村全部清零', '{E}村集体经济收入{F}'],
    questions: ['{S}村集体经济收入是多少', '{S}村集体经济收入有多少万元'],
  },
  {
    key: '民生支出', topic: 'livelihood',
    format: { unit: '%', min: 65, max: 88, decimals: 1 },
    statements: ['{E}民生支出占一般预算支出的比重达到{F}', '{E}民生支出占比保持在{F}'],
    questions: ['{S}民生支出占比是多少', '{S}民生支出占比多少'],
  },
  // Ecology
  {
    key: '森林覆盖率', topic: 'ecology',
    format: { unit: '%', min: 18, max: 68, decimals: 1 },
    statements: ['{E}森林覆盖率达到{F}，生态屏障更加稳固', '{E}森林覆盖率提升至{F}'],
    questions: ['{S}森林覆盖率是多少', '{S}森林覆盖率达到多少'],
  },
  {
    key: '空气质量优良天数', topic: 'ecology',
    format: { unit: '天', min: 220, max: 350, decimals: 0 },
    statements: ['{E}空气质量优良天数达到{F}，蓝天保卫战成效明显', '{E}全年空气质量优良天数{F}'],
    questions: ['{S}空气质量优良天数有多少天', '{S}空气质量优良天数是多少'],
  },
  {
    key: '造林', topic: 'ecology', verbal: true,
    format: { unit: '万亩', min: 0.5, max: 30, decimals: 1 },
    statements: ['{E}完成造林{F}，国土绿化行动深入推进', '{E}全年完成造林{F}'],
    questions: ['{S}完成造林多少万亩', '{S}造林面积是多少'],
  },
  {
    key: '单位产值能耗', topic: 'ecology',
    format: { unit: '%', min: 1.5, max: 8.5, decimals: 1, qualifiers: false },
    statements: ['{E}单位产值能耗下降{F}，完成节能目标任务', '{E}单位产值能耗同比下降{F}'],
    questions: ['{S}单位产值能耗下降了多少', '{S}单位产值能耗降低多少'],
  },
];

/** Entity kinds: what comes after the place name, with a file-name slug. */
export const ENTITY_KINDS: { suffix: string; slug: string }[] = [
  { suffix: '高新区', slug: 'gaoxinqu' },
  { suffix: '开发区', slug: 'kaifaqu' },
  { suffix: '经济技术开发区', slug: 'jingkaiqu' },
  { suffix: '工业园区', slug: 'gongyeyuanqu' },
  { suffix: '县', slug: 'xian' },
  { suffix: '新区', slug: 'xinqu' },
  { suffix: '市', slug: 'shi' },
  { suffix: '镇', slug: 'zhen' },
  { suffix: '港区', slug: 'gangqu' },
];

/**
 * Characters for two-character place names. None of them occurs in any
 * template, heading or filler sentence, so a place name is a token that only
 * its own documents contain.
 */
export const PLACE_CHARS = Array.from(
  '枫溪桐岚澜汀榆槐岫峪泓沅湄漪渚璜琮珂瑾璞翎黛岱岑嵩崧峦砚棠楠桦柘栎樟杞芷蘅苓荇蒲菱莼蓼汶沣淇洹涑滏澧溆沔鄢郾郓邺鄞睢濉沭邳郯鄄芮邶' +
    '潍淄泗沂莒郕鄣缑崂峄枣桓榕蓟涿檀栾鹿麒麟鸾鹤鸥鹭莺雁鸿骊骏璋琨瑜琳瑶琪璐岷峨崃嶂岷潼渭泾汧漳淦赣浔' ,
).filter((ch, i, all) => all.indexOf(ch) === i);

/** Projects for "{P}项目从开工到投产…"; each document uses at most one. */
export const PROJECTS: string[] = [
  '核苷酸', '新能源电池', '光伏组件', '智能装备', '生物医药', '高端轴承', '精密铸造', '氢能储运', '碳纤维复合材料', '功能性薄膜',
  '半导体封装', '工业机器人', '数控机床', '动力总成', '特种钢材', '绿色建材', '冷链物流', '预制菜加工', '芯片模组', '医疗器械',
];

/** Section headings per topic (a document numbers them "一、…" or not). */
export const HEADINGS: Record<Topic, string[]> = {
  economy: ['经济运行稳中向好', '综合实力持续增强', '主要经济指标稳步增长', '经济发展质效双升'],
  industry: ['产业转型步伐加快', '先进制造业提质增效', '项目建设提速增效', '实体经济根基更加稳固'],
  opening: ['改革开放纵深推进', '对外开放实现新突破', '招商引资成效显著', '开放型经济加快发展'],
  innovation: ['创新驱动成效显著', '科技创新能力稳步提升', '人才支撑更加有力', '新旧动能加快转换'],
  urban: ['城乡面貌持续改善', '城市功能不断完善', '基础设施建设全面提速', '城市品质明显提升'],
  livelihood: ['民生福祉不断增进', '社会事业全面进步', '共同富裕扎实推进', '群众获得感持续增强'],
  ecology: ['生态环境质量提升', '绿色低碳发展成效明显', '污染防治攻坚有力', '美丽家园建设深入推进'],
};

/** Titles of whole documents, {E} entity and {Y} year. */
export const TITLES: string[] = [
  '{E}{Y}年经济社会发展综述',
  '{E}{Y}年工作总结',
  '{Y}年{E}发展情况报告',
  '{E}{Y}年国民经济和社会发展情况',
  '奋力谱写高质量发展新篇章——{E}{Y}年工作回顾',
];

/** Number-free clauses that filler sentences are made of. */
export const FILLER_OPENERS: string[] = [
  '坚持稳中求进工作总基调', '深入贯彻新发展理念', '聚焦高质量发展主题', '围绕争创一流的目标要求', '坚持以人民为中心的发展思想',
  '坚持把发展作为第一要务', '紧扣年度目标任务', '以供给侧结构性改革为主线', '坚持问题导向和目标导向', '按照上级部署要求',
  '主动对标先进地区', '牢固树立绿水青山就是金山银山的理念', '坚持项目为王', '把创新摆在发展全局的核心位置', '坚持改革开放不动摇',
];

export const FILLER_ACTIONS: string[] = [
  '持续优化营商环境', '扎实推进重点工作落实', '全面深化重点领域改革', '着力补齐短板弱项', '大力实施创新驱动发展战略',
  '精准施策攻坚克难', '强化要素保障', '创新运转模式', '健全政策体系和运行保障机制', '加快构建现代化产业体系',
  '推动服务事项一网通办', '完善考核激励机制', '压实各方责任', '加大统筹协调力度', '实行清单化管理和闭环式推进',
  '深化放管服改革', '强化底线思维', '持续抓好安全生产', '推动资源要素向重点领域集聚', '培育壮大新业态新模式',
];

export const FILLER_RESULTS: string[] = [
  '经济社会发展呈现稳中有进、稳中向好的良好态势', '各项工作取得明显成效', '发展质量和效益稳步提升', '为全年目标任务完成奠定了坚实基础',
  '群众满意度持续提高', '发展后劲不断增强', '形成了比学赶超的浓厚氛围', '干部群众干事创业热情高涨', '重点领域风险总体可控',
  '营商环境评价位居前列', '发展动能加快集聚', '社会大局和谐稳定',
];

/** Surnames and given names for bylines. */
export const SURNAMES = Array.from('王李张刘陈杨黄赵周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡杜叶程魏苏吕丁沈任姚卢');
export const GIVEN_NAMES: string[] = [
  '超', '伟', '芳', '娜', '敏', '静', '强', '磊', '洋', '艳', '勇', '军', '杰', '涛', '明', '霞', '平', '刚', '辉', '丽',
  '建国', '晓东', '海燕', '志强', '文博', '雪梅', '春生', '立新', '振华', '红梅', '子涵', '思远', '嘉怡', '国庆', '玉兰',
];

/** Questions the corpus cannot answer (found: false), as slots to combine. */
export const UNANSWERABLE: { template: string; fills: string[] }[] = [
  { template: '{X}今天天气怎么样', fills: ['北京', '上海', '广州', '深圳', '成都', '武汉', '西安', '杭州', '重庆', '天津', '南京', '长沙'] },
  { template: '{X}现在多少钱', fills: ['比特币', '以太坊', '黄金', '一斤猪肉', '一杯咖啡', '苹果手机', '一张电影票', '一吨钢材'] },
  { template: '{X}有多少人口', fills: ['北京', '上海', '广州', '深圳', '成都', '武汉', '西安', '杭州', '重庆', '天津', '南京', '长沙'] },
  { template: '{X}', fills: ['你好', '早上好', '谢谢你', '你是谁', '在吗', '晚安', '讲个笑话吧', '今天星期几'] },
  { template: '怎么做{X}', fills: ['红烧肉', '西红柿炒鸡蛋', '宫保鸡丁', '蛋炒饭', '麻婆豆腐', '饺子'] },
  { template: '{X}的首都是哪里', fills: ['法国', '日本', '巴西', '埃及', '加拿大', '澳大利亚', '印度', '德国'] },
  { template: '{X}比赛谁赢了', fills: ['昨晚的足球', '世界杯决赛', '昨天的篮球', '网球公开赛', '乒乓球'] },
];
