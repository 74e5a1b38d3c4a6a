// An in-process schema registry: subjects with versioned schemas and registry-wide ids, as
// Confluent's registry assigns them (the same schema text keeps its id across subjects).
// Held in memory; the serdes of the schema-registry formats ask it for the ids they write.

import { KsqlError } from '../errors.js';

export type SchemaType = 'AVRO' | 'PROTOBUF' | 'JSON';

export interface RegisteredSchema {
  readonly id: number;
  readonly schemaType: SchemaType;
  readonly schema: string;
}

export interface SubjectVersion extends RegisteredSchema {
  readonly subject: string;
  readonly version: number;
  /** Subjects of the schemas this one imports (PROTOBUF `import "event.proto"`), latest versions. */
  readonly references: readonly string[];
}

export class SchemaRegistry {
  private readonly byId = new Map<number, RegisteredSchema>();
  private readonly idByText = new Map<string, number>();
  private readonly subjects = new Map<string, SubjectVersion[]>();
  private nextId = 1;

  /**
   * Registers `schema` under `subject` and answers its id; registering the same schema again
   * answers the existing version. `id` forces the id (as a test's VALUE_SCHEMA_ID does).
   */
  register(subject: string, schemaType: SchemaType, schema: string, id?: number, references: readonly string[] = []): number {
    const versions = this.subjects.get(subject) ?? [];
    const existing = versions.find((v) => v.schema === schema && v.schemaType === schemaType && (id === undefined || v.id === id));
    if (existing) return existing.id;
    const key = `${schemaType}\u0000${schema}`;
    let resolved = id ?? this.idByText.get(key);
    if (resolved === undefined) {
      while (this.byId.has(this.nextId)) this.nextId++;
      resolved = this.nextId++;
    }
    if (!this.byId.has(resolved)) this.byId.set(resolved, { id: resolved, schemaType, schema });
    if (!this.idByText.has(key)) this.idByText.set(key, resolved);
    versions.push({ subject, version: versions.length + 1, id: resolved, schemaType, schema, references });
    this.subjects.set(subject, versions);
    return resolved;
  }

  /** The id of a schema text, registering it without a subject when it is new. */
  idOf(schemaType: SchemaType, schema: string): number {
    const known = this.idByText.get(`${schemaType}\u0000${schema}`);
    if (known !== undefined) return known;
    while (this.byId.has(this.nextId)) this.nextId++;
    const id = this.nextId++;
    this.byId.set(id, { id, schemaType, schema });
    this.idByText.set(`${schemaType}\u0000${schema}`, id);
    return id;
  }

  byIdOrNull(id: number): RegisteredSchema | null {
    return this.byId.get(id) ?? null;
  }

  /** The texts of the schemas `subjects` name (latest versions) and of what they import in turn. */
  referencedTexts(subjects: readonly string[]): string[] {
    const out: string[] = [];
    const seen = new Set<string>();
    const visit = (s: string): void => {
      if (seen.has(s)) return;
      seen.add(s);
      const v = this.latest(s);
      if (v === null) return;
      out.push(v.schema);
      v.references.forEach(visit);
    };
    subjects.forEach(visit);
    return out;
  }

  /** The subjects a schema id's registration imports (empty when unknown). */
  referencesOfId(id: number): readonly string[] {
    for (const versions of this.subjects.values()) for (const v of versions) if (v.id === id) return v.references;
    return [];
  }

  /** The latest version of a subject, or null when nothing is registered under it. */
  latest(subject: string): SubjectVersion | null {
    const versions = this.subjects.get(subject);
    return versions && versions.length > 0 ? versions[versions.length - 1]! : null;
  }

  version(subject: string, version: number): SubjectVersion {
    const v = this.subjects.get(subject)?.[version - 1];
    if (!v) throw new KsqlError('SERDE', `Schema for subject '${subject}' version ${version} not found`);
    return v;
  }

  subjectNames(): string[] {
    return [...this.subjects.keys()].filter((s) => (this.subjects.get(s)?.length ?? 0) > 0);
  }

  /** Forgets everything, for a fresh start (each test case). */
  clear(): void {
    this.byId.clear();
    this.idByText.clear();
    this.subjects.clear();
    this.nextId = 1;
  }

  deleteSubject(subject: string): void {
    this.subjects.delete(subject);
  }
}

/** The registry serdes use when no other is given: one per process, like a local registry. */
export const defaultSchemaRegistry = new SchemaRegistry();
