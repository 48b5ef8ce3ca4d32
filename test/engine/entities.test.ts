import { describe, expect, it } from 'vitest';
import { splitName } from '../../src/engine/entities.ts';

describe('splitName', () => {
  it('reads an area inside another as the inner area, with the outer one as its parent', () => {
    expect(splitName('东湖区梅岭街道')).toEqual({ name: '梅岭街道', core: '梅岭', kind: '街道', parent: { name: '东湖区', core: '东湖', kind: '区' } });
    expect(splitName('白沙县清水镇')).toMatchObject({ core: '清水', kind: '镇', parent: { core: '白沙', kind: '县' } });
    expect(splitName('上海市浦东新区')).toMatchObject({ core: '浦东', kind: '新区', parent: { core: '上海' } });
  });

  it('keeps a zone named after its city one entity of the city name (岳川市经济技术开发区 is 岳川 经开区), and a kind no name', () => {
    expect(splitName('岳川市经济技术开发区')).toEqual({ name: '岳川市经济技术开发区', core: '岳川', kind: '经济技术开发区' });
    expect(splitName('青禾县高新区')).toEqual({ name: '青禾县高新区', core: '青禾', kind: '高新区' });
    expect(splitName('汇川经济技术开发区')).toEqual({ name: '汇川经济技术开发区', core: '汇川', kind: '经济技术开发区' });
  });
});
