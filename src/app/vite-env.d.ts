// Vite asset imports (?url, CSS) for the type checker.
/// <reference types="vite/client" />
