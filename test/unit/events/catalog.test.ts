import { describe, expect, it } from 'vitest';
import { catalog, definitionOf, patternFor, OrderPlaced, toJsonSchema, UnknownEventTypeError } from '../../../shared/events/index.ts';

describe('catalog', () => {
  it('defines each detail-type once', () => {
    const detailTypes = catalog.map((d) => d.detailType);

    expect(new Set(detailTypes).size).toBe(detailTypes.length);
  });

  it.each(catalog.map((d) => [d.detailType, d] as const))('%s has a source under eventful., a version, a description and producers', (_name, definition) => {
    expect(definition.source).toMatch(/^eventful\.[a-z]+$/);
    expect(definition.version).toBeGreaterThanOrEqual(1);
    expect(definition.description.length).toBeGreaterThan(10);
    expect(definition.producers.length).toBeGreaterThan(0);
  });

  it.each(catalog.map((d) => [d.detailType, d] as const))(
    '%s can still read every version it ever wrote: 1 to the current one, each with its upcaster',
    (_name, definition) => {
      const versions = [...definition.previousVersions.map((p) => p.version), definition.version];

      expect(versions).toEqual(Array.from({ length: definition.version }, (_, index) => index + 1));
      for (const previous of definition.previousVersions) expect(previous.upcast).toBeTypeOf('function');
    },
  );

  it('finds a definition by detail-type', () => {
    expect(definitionOf('OrderPlaced')).toBe(OrderPlaced);
  });

  it('names the known types when a detail-type is unknown', () => {
    expect(() => definitionOf('OrderPlacd')).toThrow(UnknownEventTypeError);
    expect(() => definitionOf('OrderPlacd')).toThrow(/Unknown event type "OrderPlacd"\. Known types: OrderPlaced, /);
  });
});

describe('patternFor', () => {
  it('matches the definition source and detail-type', () => {
    expect(patternFor(OrderPlaced)).toEqual({ source: ['eventful.orders'], 'detail-type': ['OrderPlaced'] });
  });

  it('narrows by content on data fields, arrays matched element-wise', () => {
    const pattern = patternFor(OrderPlaced, { data: { totalMinor: [{ numeric: ['>=', 100] }], items: { sku: [{ prefix: 'GIFT-' }] } } });

    expect(pattern.detail).toEqual({ data: { totalMinor: [{ numeric: ['>=', 100] }], items: { sku: [{ prefix: 'GIFT-' }] } } });
  });

  it('does not compile a pattern on a field the schema lacks', () => {
    // @ts-expect-error `totl` is not a field of OrderPlaced: the typed pattern catches the typo at compile time.
    patternFor(OrderPlaced, { data: { totl: [1] } });
  });
});

describe('toJsonSchema', () => {
  it.each(catalog.map((d) => [d.detailType, d] as const))('exports %s as a draft-4 schema of the whole EventBridge event', (detailType, definition) => {
    const schema = toJsonSchema(definition) as {
      $schema: string;
      title: string;
      properties: Record<string, { enum?: string[]; properties?: Record<string, unknown> }>;
      required: string[];
    };

    expect(schema.$schema).toBe('http://json-schema.org/draft-04/schema#');
    expect(schema.title).toBe(detailType);
    expect(schema.properties['detail-type']?.enum).toEqual([detailType]);
    expect(schema.properties.source?.enum).toEqual([definition.source]);
    expect(Object.keys(schema.properties.detail?.properties ?? {})).toEqual(['metadata', 'data']);
    expect(schema.required).toContain('detail');
  });
});
