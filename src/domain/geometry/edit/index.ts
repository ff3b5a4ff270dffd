// Geometry edits of the map editor: split, merge, cut a hole. Pure: GeoJSON in, GeoJSON out.
export { EDIT_PROBLEM_CODES, type EditProblem, type EditProblemCode, type EditResult } from './result';
export { splitPolygon } from './split';
export { mergePolygons } from './merge';
export { cutHole } from './hole';
export { geodeticLatitude, greatCircleCrossing, offGreatCircle } from './greatCircle';
