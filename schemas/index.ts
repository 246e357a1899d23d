export * from './geometry.ts';
export * from './document.ts';
export * from './extracted.ts';
export * from './table.ts';
export * from './form-record.ts';
export * from './validation.ts';
export * from './stage-name.ts';
