export { blockSources, blockUses, expandBlocks, inlineBlocks, partsOf, referencedBlocks, type BlockUse } from './locked-blocks';
