// Records (R7RS define-record-type, expanded by compiler/expander.ts into calls of these) and the
// error objects of R7RS 6.11, which are records of a type the runtime defines itself.
//
// Invariants
//   R1. A record's mutable fields (those with a modifier) are boxes made when the record is; its
//       other fields are plain values. So a record is immutable data like a vector, and only its
//       boxes change (LANGUAGE.md: "Record types whose fields have modifiers keep those fields
//       in cells").
//   R2. The error-object type is found through the global %error-object-type, never held in JS
//       (a collection may move it).

import { World } from "../world";
import { SchemeError, typeError } from "../errors";
import {
  BOX_VALUE, FALSE, OBJECT_BOX, OBJECT_RECORD, OBJECT_RECORD_TYPE, RECORD_DESCRIPTOR, RECORD_FIELDS, RECORD_HASH,
  RECORD_TYPE_FIELD_NAMES, RECORD_TYPE_HASH, RECORD_TYPE_MUTABLE, RECORD_TYPE_NAME, RECORD_TYPE_SIZE, TRUE, UNSPECIFIED, VECTOR_ELEMENTS,
  fixnumValue, isFixnum, makeBoolean, makeFixnum, OBJECT_SYMBOL,
} from "../layout";
import { listToArray, makeVector } from "../objects";
import { PrimitiveSpec, VARIADIC, primitive } from "./registry";

/** The fields of an error object, in order. */
export const ERROR_FIELDS = ["kind", "message", "irritants", "where"] as const;
export const ERROR_KIND = 0;
export const ERROR_MESSAGE = 1;
export const ERROR_IRRITANTS = 2;
export const ERROR_WHERE = 3;
const ERROR_TYPE_GLOBAL = "%error-object-type";

/** Makes a record type (name, field names, which are mutable). */
function makeRecordType(world: World, name: number, fields: readonly number[], mutable: readonly boolean[]): number {
  const heap = world.heap;
  const type = heap.allocate(OBJECT_RECORD_TYPE, RECORD_TYPE_SIZE);
  heap.initField(type, RECORD_TYPE_NAME, name);
  heap.initField(type, RECORD_TYPE_FIELD_NAMES, makeVector(heap, fields));
  heap.initField(type, RECORD_TYPE_MUTABLE, makeVector(heap, mutable.map(makeBoolean)));
  heap.initField(type, RECORD_TYPE_HASH, makeFixnum(world.nextIdentityHash()));
  return type;
}

function fieldCount(world: World, type: number): number {
  return world.heap.objectSize(world.heap.field(type, RECORD_TYPE_FIELD_NAMES));
}

function isMutableField(world: World, type: number, i: number): boolean {
  return world.heap.field(world.heap.field(type, RECORD_TYPE_MUTABLE), VECTOR_ELEMENTS + i) === TRUE;
}

/** A record of `type` with the field values (R1: mutable ones boxed). */
export function makeRecord(world: World, type: number, values: readonly number[]): number {
  const heap = world.heap;
  const boxed = values.map((v, i) => (isMutableField(world, type, i) ? heap.makeBox(v) : v));
  const record = heap.allocate(OBJECT_RECORD, RECORD_FIELDS - 1 + values.length);
  heap.initField(record, RECORD_DESCRIPTOR, type);
  heap.initField(record, RECORD_HASH, makeFixnum(world.nextIdentityHash()));
  boxed.forEach((v, i) => heap.initField(record, RECORD_FIELDS + i, v));
  return record;
}

export function isRecordOf(world: World, type: number, w: number): boolean {
  return world.heap.isType(w, OBJECT_RECORD) && world.heap.field(w, RECORD_DESCRIPTOR) === type;
}

/** Field i of a record, unboxed (R1). */
export function recordField(world: World, record: number, i: number): number {
  const heap = world.heap;
  const v = heap.field(record, RECORD_FIELDS + i);
  return isMutableField(world, heap.field(record, RECORD_DESCRIPTOR), i) ? heap.field(v, BOX_VALUE) : v;
}

/** The record type of error objects (R2), made once per world. */
export function errorObjectType(world: World): number {
  const symbol = world.symbols.intern(ERROR_TYPE_GLOBAL);
  const existing = world.globals.value(symbol);
  if (world.heap.isType(existing, OBJECT_RECORD_TYPE)) return existing;
  const type = makeRecordType(world, world.symbols.intern("error-object"),
    ERROR_FIELDS.map((f) => world.symbols.intern(f)), ERROR_FIELDS.map(() => false));
  world.globals.define(symbol, type);
  return type;
}

export function isErrorObject(world: World, w: number): boolean {
  return isRecordOf(world, errorObjectType(world), w);
}

export function recordPrimitives(world: World): PrimitiveSpec[] {
  const heap = world.heap;
  const symbols = world.symbols;
  errorObjectType(world);

  const recordType = (who: string, w: number): number => {
    if (!heap.isType(w, OBJECT_RECORD_TYPE)) throw typeError(who, "a record type", w);
    return w;
  };
  /** `record` checked to be of `type` for the procedure named `who` (a symbol). */
  const checked = (type: number, record: number, who: number): number => {
    if (!isRecordOf(world, type, record)) {
      const name = symbols.name(heap.field(type, RECORD_TYPE_NAME));
      throw typeError(heap.isType(who, OBJECT_SYMBOL) ? symbols.name(who) : "record", `a ${name}`, record);
    }
    return record;
  };
  const fieldIndex = (type: number, index: number): number => {
    if (!isFixnum(index) || fixnumValue(index) < 0 || fixnumValue(index) >= fieldCount(world, type)) {
      throw new SchemeError("record: field index out of range", [index], "range");
    }
    return fixnumValue(index);
  };
  const errorField = (who: string, field: number) => (e: number): number => {
    if (!isErrorObject(world, e)) throw typeError(who, "an error object", e);
    return recordField(world, e, field);
  };
  const errorKind = (kind: string) => (e: number): number =>
    makeBoolean(isErrorObject(world, e) && recordField(world, e, ERROR_KIND) === symbols.intern(kind));

  return [
    primitive("%make-record-type", 3, 3, (name, fields, mutable) => {
      const names = listToArray(heap, fields, "%make-record-type");
      const flags = listToArray(heap, mutable, "%make-record-type").map((f) => f !== FALSE);
      if (names.length !== flags.length) throw new SchemeError("%make-record-type: one mutability flag per field", [fields, mutable]);
      return makeRecordType(world, name, names, flags);
    }),
    primitive("%record-make", 1, VARIADIC, (type, ...values) => {
      recordType("%record-make", type);
      if (values.length !== fieldCount(world, type)) throw new SchemeError("%record-make: wrong number of field values", [type]);
      return makeRecord(world, type, values);
    }),
    primitive("%record?", 2, 2, (type, w) => makeBoolean(isRecordOf(world, type, w))),
    primitive("%record-get", 4, 4, (type, record, index, who) => recordField(world, checked(type, record, who), fieldIndex(type, index))),
    primitive("%record-set!", 5, 5, (type, record, index, value, who) => {
      const i = fieldIndex(type, index);
      const box = heap.field(checked(type, record, who), RECORD_FIELDS + i);
      if (!isMutableField(world, type, i) || !heap.isType(box, OBJECT_BOX)) {
        throw new SchemeError(`${symbols.name(who)}: the field is immutable`, [record]);
      }
      heap.setCell(box, BOX_VALUE, value);
      return UNSPECIFIED;
    }),
    primitive("record?", 1, 1, (w) => makeBoolean(heap.isType(w, OBJECT_RECORD))),
    primitive("%make-error-object", 4, 4, (kind, message, irritants, where) =>
      makeRecord(world, errorObjectType(world), [kind, message, irritants, where])),
    primitive("error-object?", 1, 1, (w) => makeBoolean(isErrorObject(world, w))),
    primitive("error-object-message", 1, 1, errorField("error-object-message", ERROR_MESSAGE)),
    primitive("error-object-irritants", 1, 1, errorField("error-object-irritants", ERROR_IRRITANTS)),
    primitive("%error-object-kind", 1, 1, errorField("%error-object-kind", ERROR_KIND)),
    primitive("%error-object-where", 1, 1, errorField("%error-object-where", ERROR_WHERE)),
    primitive("read-error?", 1, 1, errorKind("read")),
    primitive("file-error?", 1, 1, errorKind("file")),
  ];
}
