import type { SchemaTree } from 'hyparquet';
import type { ColumnType, PreviewColumn } from './previewTypes';

/** A top-level Parquet field as a preview column: its type from the schema, not from values. */
export function parquetColumn(field: SchemaTree): PreviewColumn {
  const element = field.element;
  const logical = element.logical_type;
  const converted = element.converted_type;
  const annotation = logical ? logicalName(logical) : converted;
  const base = field.children.length > 0 ? groupName(logical?.type ?? converted) : (element.type ?? 'UNKNOWN');
  return {
    name: element.name,
    type: element.repetition_type === 'REPEATED' ? 'array' : field.children.length > 0 ? groupType(logical?.type ?? converted) : primitiveType(field),
    sourceType: annotation && field.children.length === 0 ? `${base} (${annotation})` : base,
  };
}

function logicalName(logical: NonNullable<SchemaTree['element']['logical_type']>): string {
  if (logical.type === 'TIMESTAMP' || logical.type === 'TIME') return `${logical.type}[${logical.unit}${logical.isAdjustedToUTC ? ', UTC' : ''}]`;
  if (logical.type === 'DECIMAL') return `DECIMAL(${logical.precision}, ${logical.scale})`;
  if (logical.type === 'INTEGER') return `${logical.isSigned ? 'INT' : 'UINT'}${logical.bitWidth}`;
  return logical.type;
}

function groupName(annotation: string | undefined): string {
  return annotation === 'LIST' || annotation === 'MAP' || annotation === 'MAP_KEY_VALUE' ? annotation : 'STRUCT';
}

function groupType(annotation: string | undefined): ColumnType {
  return annotation === 'LIST' ? 'array' : 'object';
}

function primitiveType(field: SchemaTree): ColumnType {
  const { type, logical_type: logical, converted_type: converted } = field.element;
  switch (logical?.type ?? converted) {
    case 'STRING':
    case 'UTF8':
    case 'ENUM':
    case 'JSON':
    case 'UUID':
    case 'TIME':
    case 'TIME_MILLIS':
    case 'TIME_MICROS':
    case 'INTERVAL':
      return 'string';
    case 'DATE':
      return 'date';
    case 'TIMESTAMP':
    case 'TIMESTAMP_MILLIS':
    case 'TIMESTAMP_MICROS':
      return 'datetime';
    case 'DECIMAL':
    case 'FLOAT16':
      return 'float';
    case 'INTEGER':
      return 'integer';
  }
  if (converted?.startsWith('INT_') || converted?.startsWith('UINT_')) return 'integer';
  switch (type) {
    case 'BOOLEAN':
      return 'boolean';
    case 'INT32':
    case 'INT64':
      return 'integer';
    case 'INT96':
      return 'datetime';
    case 'FLOAT':
    case 'DOUBLE':
      return 'float';
    default:
      return 'binary';
  }
}
