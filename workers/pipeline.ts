import type { DocumentStatus, StageName } from '../schemas/index.ts';
import { extract } from './extract/extract.ts';
import { normalize } from './normalize/normalize.ts';
import type { Stage } from './stage.ts';
import { validate } from './validate/validate.ts';

/** Every stage by name; a missing or misspelt stage is a compile error. */
export const stages = { extract, normalize, validate } satisfies Record<StageName, Stage>;

/** The order documents go through. */
export const pipeline: readonly Stage[] = [stages.extract, stages.normalize, stages.validate];

/** What a document's status becomes once the stage has stored its output. */
export const statusAfter = { extract: 'extracted', normalize: 'normalized', validate: 'validated' } as const satisfies Record<StageName, DocumentStatus>;

export const nextStage = (name: StageName): Stage | undefined => pipeline[pipeline.findIndex((s) => s.name === name) + 1];
