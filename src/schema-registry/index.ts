// Public face of the in-process schema registry.

export { SchemaRegistry, defaultSchemaRegistry, type RegisteredSchema, type SchemaType, type SubjectVersion } from './memory-registry.js';
