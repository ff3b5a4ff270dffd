import { describe, it, expect } from 'vitest';
import type { Position } from 'geojson';
import {
  geometryProblems,
  isValidAreaGeometry,
  orient2d,
  ringIsClockwise,
  type GeometryProblem,
} from '../../src/domain/geometry/validity';

/** Closed axis-aligned square ring, counter-clockwise. */
function square(x: number, y: number, s: number): Position[] {
  return [[x, y], [x + s, y], [x + s, y + s], [x, y + s], [x, y]];
}

function poly(...rings: Position[][]): unknown {
  return { type: 'Polygon', coordinates: rings };
}

function multi(...polys: Position[][][]): unknown {
  return { type: 'MultiPolygon', coordinates: polys };
}

/** Code, polygon, ring, vertex of each problem (the parts the tests pin down). */
function brief(ps: GeometryProblem[]): { code: string; polygon: number; ring: number; vertex?: number }[] {
  return ps.map((p) => {
    const b: { code: string; polygon: number; ring: number; vertex?: number } = { code: p.code, polygon: p.polygon, ring: p.ring };
    if (p.vertex !== undefined) b.vertex = p.vertex;
    return b;
  });
}

/** A 10 000-vertex star-ish closed ring around (114.3, 30.5), lon/lat. */
function bigRing(n = 10_000): Position[] {
  const ring: Position[] = [];
  for (let i = 0; i < n; i++) {
    const a = (2 * Math.PI * i) / n;
    const r = 0.05 * (1 + 0.1 * Math.sin(7 * a));
    ring.push([114.3 + r * Math.cos(a), 30.5 + r * Math.sin(a)]);
  }
  ring.push([...ring[0]]);
  return ring;
}

describe('valid geometries', () => {
  it('accepts a polygon with a hole, either orientation', () => {
    expect(geometryProblems(poly(square(0, 0, 10), square(2, 2, 2)))).toEqual([]);
    const cw = square(0, 0, 10).reverse();
    expect(ringIsClockwise(cw)).toBe(true);
    expect(geometryProblems(poly(cw, square(2, 2, 2)))).toEqual([]);
    expect(geometryProblems(poly(square(0, 0, 10), square(2, 2, 2).reverse()))).toEqual([]);
  });

  it('refuses a height (Z) with the ring, the vertex and the fix, rather than dropping it unseen', () => {
    const ring = square(114.1, 30.5, 0.01).map(([x, y]) => [x, y, 25]);
    const problems = geometryProblems(poly(ring));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: 'bad-coordinate', ring: 0, vertex: 0 });
    expect(problems[0].message).toMatch(/vertex 0 has 3 numbers .*drop the Z values \(QGIS: Drop M\/Z Values; ogr2ogr -dim XY\)/);
  });

  it('tolerates consecutive duplicate points that leave a real ring', () => {
    const ring: Position[] = [[0, 0], [1, 0], [1, 0], [1, 1], [0, 1], [0, 1], [0, 0], [0, 0]];
    expect(geometryProblems(poly(ring))).toEqual([]);
  });

  it('accepts a hole touching the exterior ring at a single point', () => {
    const hole: Position[] = [[0, 5], [3, 4], [3, 6], [0, 5]]; // vertex (0, 5) lies on the shell's edge
    expect(geometryProblems(poly(square(0, 0, 10), hole))).toEqual([]);
    const hole2: Position[] = [[0, 0], [3, 1], [1, 3], [0, 0]]; // shares the shell's vertex (0, 0)
    expect(geometryProblems(poly(square(0, 0, 10), hole2))).toEqual([]);
  });

  it('accepts a MultiPolygon whose parts touch at a vertex or share an edge', () => {
    expect(geometryProblems(multi([square(0, 0, 1)], [square(1, 1, 1)]))).toEqual([]);
    expect(geometryProblems(multi([square(0, 0, 1)], [square(1, 0, 1)], [square(0, 1, 2)]))).toEqual([]);
  });

  it('accepts a MultiPolygon part inside another part\'s hole, even filling it exactly', () => {
    expect(geometryProblems(multi([square(0, 0, 10), square(1, 1, 4)], [square(2, 2, 2)]))).toEqual([]);
    expect(geometryProblems(multi([square(0, 0, 10), square(1, 1, 4)], [square(1, 1, 4)]))).toEqual([]);
  });

  it('isValidAreaGeometry and ringIsClockwise', () => {
    expect(isValidAreaGeometry(poly(square(0, 0, 1)))).toBe(true);
    expect(isValidAreaGeometry({ type: 'Point', coordinates: [0, 0] })).toBe(false);
    expect(isValidAreaGeometry(poly([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]))).toBe(false);
    expect(ringIsClockwise(square(0, 0, 1))).toBe(false);
    expect(ringIsClockwise(square(0, 0, 1).reverse())).toBe(true);
    expect(ringIsClockwise([[0, 0], [0, 1], [1, 0]])).toBe(true); // unclosed is fine
  });
});

describe('shape problems', () => {
  it('not-polygon', () => {
    expect(brief(geometryProblems(null))).toEqual([{ code: 'not-polygon', polygon: 0, ring: 0 }]);
    expect(brief(geometryProblems({ type: 'LineString', coordinates: [[0, 0], [1, 1]] }))).toEqual([{ code: 'not-polygon', polygon: 0, ring: 0 }]);
    const feature = geometryProblems({ type: 'Feature', geometry: poly(square(0, 0, 1)), properties: {} });
    expect(feature[0].code).toBe('not-polygon');
    expect(feature[0].message).toContain('"geometry"');
    expect(brief(geometryProblems({ type: 'Polygon' }))).toEqual([{ code: 'not-polygon', polygon: 0, ring: 0 }]);
    expect(brief(geometryProblems({ type: 'MultiPolygon', coordinates: [[square(0, 0, 1)], 7] }))).toEqual([
      { code: 'not-polygon', polygon: 1, ring: 0 },
    ]);
    expect(brief(geometryProblems(poly(square(0, 0, 10), 'x' as unknown as Position[])))).toEqual([
      { code: 'not-polygon', polygon: 0, ring: 1 },
    ]);
  });

  it('empty', () => {
    expect(brief(geometryProblems({ type: 'Polygon', coordinates: [] }))).toEqual([{ code: 'empty', polygon: 0, ring: 0 }]);
    expect(brief(geometryProblems({ type: 'MultiPolygon', coordinates: [] }))).toEqual([{ code: 'empty', polygon: 0, ring: 0 }]);
    expect(brief(geometryProblems(multi([square(0, 0, 1)], [])))).toEqual([{ code: 'empty', polygon: 1, ring: 0 }]);
  });

  it('bad-coordinate, with the first bad vertex and a count', () => {
    const ring = [[0, 0], [1, 'a'], [1, 1], [NaN, 1], [0, 0]] as unknown as Position[];
    const ps = geometryProblems(poly(ring));
    expect(brief(ps)).toEqual([{ code: 'bad-coordinate', polygon: 0, ring: 0, vertex: 1 }]);
    expect(ps[0].message).toContain('vertex 1');
    expect(ps[0].message).toContain('2 such vertices');
    expect(brief(geometryProblems(poly(square(0, 0, 10), [[1, 1], [2], [2, 2], [1, 1]])))).toEqual([
      { code: 'bad-coordinate', polygon: 0, ring: 1, vertex: 1 },
    ]);
    expect(brief(geometryProblems(poly([[0, 0], [1, 0], [1, Infinity], [0, 0]])))).toEqual([
      { code: 'bad-coordinate', polygon: 0, ring: 0, vertex: 2 },
    ]);
  });

  it('out-of-range: projected coordinates get a reprojection hint', () => {
    const ps = geometryProblems(poly(square(500_000, 3_400_000, 100)));
    expect(brief(ps)).toEqual([{ code: 'out-of-range', polygon: 0, ring: 0, vertex: 0 }]);
    expect(ps[0].message).toContain('projected');
    expect(ps[0].message).toContain('EPSG:4490/4326');
    expect(ps[0].messageZh).toContain('重投影');
    expect(ps[0].at).toEqual([500_000, 3_400_000]);
  });

  it('out-of-range: a latitude beyond 90 suggests swapped axes', () => {
    const ring: Position[] = [[30.5, 114.1], [30.6, 114.1], [30.6, 114.2], [30.5, 114.1]];
    const ps = geometryProblems(poly(ring));
    expect(brief(ps)).toEqual([{ code: 'out-of-range', polygon: 0, ring: 0, vertex: 0 }]);
    expect(ps[0].message).toContain('swapped');
  });

  it('unclosed-ring reports the last vertex', () => {
    const ps = geometryProblems(poly([[0, 0], [1, 0], [1, 1], [0, 1]]));
    expect(brief(ps)).toEqual([{ code: 'unclosed-ring', polygon: 0, ring: 0, vertex: 3 }]);
    expect(ps[0].message).toContain('repeat the first vertex');
  });

  it('too-few-points: fewer than 4 positions or fewer than 3 distinct points', () => {
    expect(brief(geometryProblems(poly([[0, 0], [1, 0], [0, 0]])))).toEqual([{ code: 'too-few-points', polygon: 0, ring: 0 }]);
    expect(brief(geometryProblems(poly(square(0, 0, 10), [[1, 1], [2, 2], [1, 1], [2, 2], [1, 1]])))).toEqual([
      { code: 'too-few-points', polygon: 0, ring: 1 },
    ]);
    expect(brief(geometryProblems(poly([])))).toEqual([{ code: 'too-few-points', polygon: 0, ring: 0 }]);
  });

  it('repeated-point: consecutive duplicates that make the ring degenerate', () => {
    const ps = geometryProblems(poly([[0, 0], [1, 1], [1, 1], [0, 0]]));
    expect(brief(ps)).toEqual([{ code: 'repeated-point', polygon: 0, ring: 0, vertex: 2 }]);
    expect(ps[0].at).toEqual([1, 1]);
  });

  it('zero-area: all points on one line (exactly or within rounding)', () => {
    expect(brief(geometryProblems(poly([[0, 0], [1, 1], [2, 2], [0, 0]])))).toEqual([{ code: 'zero-area', polygon: 0, ring: 0 }]);
    const nearly: Position[] = [[114.1, 30.5], [114.2, 30.6], [114.3, 30.700000000000003], [114.1, 30.5]];
    expect(brief(geometryProblems(poly(nearly)))).toEqual([{ code: 'zero-area', polygon: 0, ring: 0 }]);
    // a thin but real sliver is not zero-area
    expect(geometryProblems(poly([[114.1, 30.5], [114.2, 30.5], [114.2, 30.5000001], [114.1, 30.5]]))).toEqual([]);
  });
});

describe('self-intersection', () => {
  it('finds a bow-tie crossing with the edges and the crossing point', () => {
    const ps = geometryProblems(poly([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]));
    expect(brief(ps)).toEqual([{ code: 'self-intersection', polygon: 0, ring: 0, vertex: 0 }]);
    expect(ps[0].at).toEqual([1, 1]);
    expect(ps[0].message).toContain('edges 0→1 and 2→3');
    expect(ps[0].message).toContain('(1, 1)');
    expect(ps[0].messageZh).toContain('自相交');
  });

  it('finds a figure-8 that touches itself at one vertex', () => {
    const ps = geometryProblems(poly([[0, 0], [2, 2], [4, 0], [4, 4], [2, 2], [0, 4], [0, 0]]));
    expect(brief(ps)).toEqual([{ code: 'self-intersection', polygon: 0, ring: 0, vertex: 4 }]);
    expect(ps[0].at).toEqual([2, 2]);
    expect(ps[0].message).toContain('touches itself at vertex 4');
  });

  it('finds a spike (adjacent edges folding back on each other)', () => {
    const ps = geometryProblems(poly([[0, 0], [15, 0], [10, 0], [10, 10], [0, 10], [0, 0]]));
    const spike = ps.find((p) => p.message.includes('spike'));
    expect(spike).toMatchObject({ code: 'self-intersection', polygon: 0, ring: 0, vertex: 1, at: [15, 0] });
    expect(ps.every((p) => p.code === 'self-intersection')).toBe(true);
  });

  it('finds a spike at the closing vertex', () => {
    const ps = geometryProblems(poly([[0, 0], [10, 0], [10, 10], [0, 10], [0, -5], [0, 0]]));
    // vertex 4 (0, -5) is the tip: the ring goes down from (0, 10) past (0, 0) and returns
    expect(ps.find((p) => p.message.includes('spike'))).toMatchObject({ code: 'self-intersection', vertex: 4, at: [0, -5] });
  });

  it('finds non-adjacent edges running over each other', () => {
    // edge 3→4 runs back along edge 0→1
    const ps = geometryProblems(poly([[0, 0], [10, 0], [10, 5], [6, 0], [2, 0], [0, 5], [0, 0]]));
    expect(ps.length).toBeGreaterThan(0);
    expect(ps.every((p) => p.code === 'self-intersection' && p.ring === 0)).toBe(true);
  });

  it('reports holes by their ring index and parts by their polygon index', () => {
    const bow: Position[] = [[2, 2], [4, 4], [4, 2], [2, 4], [2, 2]];
    expect(brief(geometryProblems(poly(square(0, 0, 10), bow)))).toEqual([
      { code: 'self-intersection', polygon: 0, ring: 1, vertex: 0 },
    ]);
    const ps = geometryProblems(multi([square(20, 20, 1)], [square(0, 0, 10), bow]));
    expect(brief(ps)).toEqual([{ code: 'self-intersection', polygon: 1, ring: 1, vertex: 0 }]);
    expect(ps[0].message).toMatch(/^polygon 1 ring 1 \(hole 1\)/);
    expect(ps[0].messageZh).toContain('多边形 1');
  });
});

describe('rings of one polygon', () => {
  it('ring-intersection: a hole crossing the exterior ring', () => {
    const ps = geometryProblems(poly(square(0, 0, 10), square(8, 8, 4)));
    expect(ps.length).toBe(2);
    expect(ps.every((p) => p.code === 'ring-intersection' && p.polygon === 0 && p.ring === 1)).toBe(true);
    expect(ps.map((p) => p.at)).toEqual([[10, 8], [8, 10]]);
    expect(ps[0].vertex).toBe(0);
  });

  it('ring-intersection: a hole sharing an edge with the exterior ring', () => {
    const ps = geometryProblems(poly(square(0, 0, 10), [[0, 2], [3, 2], [3, 4], [0, 4], [0, 2]]));
    expect(ps.length).toBeGreaterThan(0);
    expect(ps.every((p) => p.code === 'ring-intersection' && p.ring === 1)).toBe(true);
    expect(ps[0].message).toContain('share a segment');
  });

  it('ring-intersection: a hole touching the exterior ring at two points', () => {
    const ps = geometryProblems(poly(square(0, 0, 10), [[0, 5], [3, 4], [0, 3], [1, 4], [0, 5]]));
    expect(brief(ps)).toEqual([{ code: 'ring-intersection', polygon: 0, ring: 1, vertex: 2 }]);
    expect(ps[0].message).toContain('touch at 2 points');
  });

  it('ring-intersection: two holes crossing each other', () => {
    const ps = geometryProblems(poly(square(0, 0, 10), square(1, 1, 3), square(2, 2, 3)));
    expect(ps.length).toBe(2);
    expect(ps.every((p) => p.code === 'ring-intersection' && p.ring === 2)).toBe(true);
  });

  it('ring-intersection: rings touching in a loop cut off part of the interior', () => {
    const h1: Position[] = [[0, 5], [4, 6], [4, 4], [0, 5]]; // touches the shell at (0, 5)
    const h2: Position[] = [[5, 0], [6, 3], [4, 4], [5, 0]]; // touches the shell at (5, 0) and hole 1 at (4, 4)
    const ps = geometryProblems(poly(square(0, 0, 10), h1, h2));
    expect(brief(ps)).toEqual([{ code: 'ring-intersection', polygon: 0, ring: 2, vertex: 2 }]);
    expect(ps[0].at).toEqual([4, 4]);
    expect(ps[0].message).toContain('loop');
    // without the touch at (5, 0) there is no loop
    expect(geometryProblems(poly(square(0, 0, 10), h1, [[6, 1], [6, 3], [4, 4], [6, 1]]))).toEqual([]);
    // three rings meeting at one common point do not form a loop
    expect(geometryProblems(poly(square(0, 0, 10), [[0, 5], [3, 6], [3, 8], [0, 5]], [[0, 5], [3, 4], [3, 2], [0, 5]]))).toEqual([]);
  });

  it('hole-outside-shell: a hole outside the exterior ring', () => {
    const ps = geometryProblems(poly(square(0, 0, 10), square(2, 2, 2), square(20, 20, 2)));
    expect(brief(ps)).toEqual([{ code: 'hole-outside-shell', polygon: 0, ring: 2, vertex: 0 }]);
    expect(ps[0].at).toEqual([20, 20]);
    expect(ps[0].messageZh).toContain('外环之外');
  });

  it('hole-outside-shell: a hole enclosing the exterior ring', () => {
    expect(brief(geometryProblems(poly(square(2, 2, 2), square(0, 0, 10))))).toEqual([
      { code: 'hole-outside-shell', polygon: 0, ring: 1, vertex: 0 },
    ]);
  });

  it('hole-outside-shell: a hole inside another hole', () => {
    const ps = geometryProblems(poly(square(0, 0, 10), square(1, 1, 8), square(2, 2, 2)));
    expect(brief(ps)).toEqual([{ code: 'hole-outside-shell', polygon: 0, ring: 2, vertex: 0 }]);
    expect(ps[0].message).toContain('inside hole 1');
  });
});

describe('MultiPolygon parts', () => {
  it('polygons-overlap: crossing boundaries', () => {
    const ps = geometryProblems(multi([square(0, 0, 2)], [square(1, 1, 2)]));
    expect(brief(ps)).toEqual([{ code: 'polygons-overlap', polygon: 1, ring: 0 }]);
    expect(ps[0].at).toEqual([2, 1]);
    expect(ps[0].message).toContain('polygons 0 and 1 overlap');
  });

  it('polygons-overlap: a part inside another, with or without touching its boundary', () => {
    expect(brief(geometryProblems(multi([square(0, 0, 10)], [square(1, 1, 2)])))).toEqual([{ code: 'polygons-overlap', polygon: 1, ring: 0 }]);
    expect(brief(geometryProblems(multi([square(0, 0, 10)], [square(0, 0, 5)])))).toEqual([{ code: 'polygons-overlap', polygon: 1, ring: 0 }]);
    // a triangle whose vertices all lie on the other part's boundary
    expect(brief(geometryProblems(multi([square(0, 0, 10)], [[[0, 0], [10, 5], [5, 10], [0, 0]]])))).toEqual([
      { code: 'polygons-overlap', polygon: 1, ring: 0 },
    ]);
  });

  it('polygons-overlap: duplicated parts (same ring, opposite orientation too)', () => {
    expect(brief(geometryProblems(multi([square(0, 0, 10)], [square(0, 0, 10)])))).toEqual([{ code: 'polygons-overlap', polygon: 1, ring: 0 }]);
    expect(brief(geometryProblems(multi([square(0, 0, 10)], [square(0, 0, 10).reverse()])))).toEqual([
      { code: 'polygons-overlap', polygon: 1, ring: 0 },
    ]);
  });

  it('lists only the overlapping pairs, by the later part', () => {
    const ps = geometryProblems(multi([square(0, 0, 1)], [square(5, 5, 1)], [square(1, 0, 1)], [square(5.5, 5.5, 1)]));
    expect(brief(ps)).toEqual([{ code: 'polygons-overlap', polygon: 3, ring: 0 }]);
    expect(ps[0].message).toContain('polygons 1 and 3');
  });
});

describe('messages', () => {
  it('every problem has a specific English and Chinese message', () => {
    const inputs: unknown[] = [
      null,
      poly([[0, 0], [2, 2], [2, 0], [0, 2], [0, 0]]),
      poly(square(0, 0, 10), square(8, 8, 4)),
      poly(square(0, 0, 10), square(20, 20, 2)),
      multi([square(0, 0, 2)], [square(1, 1, 2)]),
      poly([[0, 0], [1, 1], [2, 2], [0, 0]]),
    ];
    for (const g of inputs) {
      for (const p of geometryProblems(g)) {
        expect(p.message.length).toBeGreaterThan(30);
        expect(p.messageZh).toMatch(/[\u4e00-\u9fff]/);
        expect(p.message).toContain(':');
      }
    }
  });

  it('sorts problems by polygon and ring', () => {
    const ps = geometryProblems(multi(
      [square(0, 0, 10), [[1, 1], [3, 3], [3, 1], [1, 3], [1, 1]]],
      [[[20, 20], [21, 20], [20, 20]]],
      [[[30, 30], [32, 32], [32, 30], [30, 32], [30, 30]]],
    ));
    expect(brief(ps)).toEqual([
      { code: 'self-intersection', polygon: 0, ring: 1, vertex: 0 },
      { code: 'too-few-points', polygon: 1, ring: 0 },
      { code: 'self-intersection', polygon: 2, ring: 0, vertex: 0 },
    ]);
  });
});

describe('orient2d', () => {
  it('has an exact sign where plain doubles fail', () => {
    // orient((px, py), (12, 12), (24, 24)) = 12 (py - px) exactly
    const eps = 2 ** -53;
    let plainWrong = 0;
    for (let i = 0; i < 32; i++) {
      for (let j = 0; j < 32; j++) {
        const px = 0.5 + i * eps;
        const py = 0.5 + j * eps;
        const truth = Math.sign(py - px);
        expect(Math.sign(orient2d(px, py, 12, 12, 24, 24))).toBe(truth);
        const plain = (px - 24) * (12 - 24) - (py - 24) * (12 - 24);
        if (Math.sign(plain) !== truth) plainWrong++;
      }
    }
    expect(plainWrong).toBeGreaterThan(0); // the test does exercise the exact path
  });

  it('is exactly zero for exactly collinear points', () => {
    expect(orient2d(0.1, 0.2, 0.3, 0.6, 0.7, 1.4)).toBe(0);
    expect(orient2d(114.1, 30.5, 114.1, 30.7, 114.1, 30.6)).toBe(0);
  });
});

describe('large rings', () => {
  it('checks a valid 10 000-vertex ring quickly', () => {
    const ring = bigRing();
    let t = performance.now();
    expect(geometryProblems(poly(ring))).toEqual([]); // cold (JIT warm-up)
    const cold = performance.now() - t;
    let best = Infinity;
    for (let k = 0; k < 3; k++) {
      t = performance.now();
      geometryProblems(poly(ring));
      best = Math.min(best, performance.now() - t);
    }
    expect(cold).toBeLessThan(1000);
    expect(best).toBeLessThan(100);
  });

  it('finds the crossing when two neighbouring vertices are swapped', () => {
    const ring = bigRing();
    [ring[100], ring[101]] = [ring[101], ring[100]];
    const ps = geometryProblems(poly(ring));
    expect(brief(ps)).toEqual([{ code: 'self-intersection', polygon: 0, ring: 0, vertex: 99 }]);
    expect(ps[0].message).toContain('99→100');
    expect(ps[0].message).toContain('101→102');
  });

  it('finds the crossings when two distant vertices are swapped', () => {
    const ring = bigRing();
    [ring[100], ring[5000]] = [ring[5000], ring[100]];
    const t = performance.now();
    const ps = geometryProblems(poly(ring));
    expect(performance.now() - t).toBeLessThan(1000);
    expect(brief(ps)).toEqual([
      { code: 'self-intersection', polygon: 0, ring: 0, vertex: 99 },
      { code: 'self-intersection', polygon: 0, ring: 0, vertex: 100 },
    ]);
  });

  it('caps the listing for a scrambled ring and stays fast', () => {
    const ring = bigRing(2000).slice(0, -1);
    let seed = 1;
    const rnd = (): number => ((seed = (seed * 16807) % 2147483647) / 2147483647);
    for (let i = ring.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [ring[i], ring[j]] = [ring[j], ring[i]];
    }
    ring.push([...ring[0]]);
    const t = performance.now();
    const ps = geometryProblems(poly(ring));
    expect(performance.now() - t).toBeLessThan(2000);
    expect(ps.length).toBe(20);
    expect(ps[19].message).toContain('only the first 20');
  });

  it('checks a MultiPolygon of many adjacent parcels', () => {
    const n = 30;
    const xs = Array.from({ length: n + 1 }, (_, i) => 114 + i * 0.001);
    const ys = Array.from({ length: n + 1 }, (_, i) => 30 + i * 0.001);
    const parts: Position[][][] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        parts.push([[[xs[i], ys[j]], [xs[i + 1], ys[j]], [xs[i + 1], ys[j + 1]], [xs[i], ys[j + 1]], [xs[i], ys[j]]]]);
      }
    }
    expect(geometryProblems(multi(...parts))).toEqual([]);
    parts.push([square(xs[3] + 0.0002, ys[3] + 0.0002, 0.0005)]);
    expect(brief(geometryProblems(multi(...parts)))).toEqual([{ code: 'polygons-overlap', polygon: n * n, ring: 0 }]);
  });
});
