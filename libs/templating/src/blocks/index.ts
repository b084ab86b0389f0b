export * from './block-content';
export { blockSources, blockUses, expandBlocks, inlineBlocks, partsOf, referencedBlocks, type BlockUse } from './locked-blocks';
export * from './locked-block.entity';
export * from './locked-block-version.entity';
export * from './block-store';
