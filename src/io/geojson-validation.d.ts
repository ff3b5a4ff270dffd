// Types for geojson-validation (it ships none). With trace = true each check returns
// the list of problems, empty when the object is valid.
declare module 'geojson-validation' {
  export function isFeature(feature: unknown, trace: true): string[];
  export function isFeatureCollection(collection: unknown, trace: true): string[];
  export function isGeometryObject(geometry: unknown, trace: true): string[];
}
