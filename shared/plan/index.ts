/** Plans: operations, the planner, validation by replay, rollback. */
export * from './operations';
export * from './planTypes';
export { planSelection, previewOf, appendToPlan, composePlans, undoLastEdit, emptyPlan, type EditedPlan } from './planner';
export { minimumWeightCover, isCover, type Cover } from './cover';
export { hostFreeingCover, hostCellWeights, CELL_WEIGHT } from './coverWeights';
export { validatePlan, validateOnState, ownerChanges, NOT_RUN } from './validate';
export { rollbackPlan, inverseOf } from './rollback';
export { modelFromHost, ownerMap, ownerName, type MatrixModel, type OwnerMap } from './matrixModel';
export { describeOwner, describeOwnerLong, cellList } from './ownerText';
