export { loadBuiltInTemplates, loadTemplateFolder, TemplateFolderError, type LoadedTemplate, type TemplateFolderOptions } from './template-folder.loader';
export { BUILT_IN_BLOCKS_FOLDER, loadBlockFolder, loadBuiltInBlocks } from './block-folder.loader';
export { BUILT_IN_ASSETS_FOLDER, loadBuiltInAssets, type BuiltInAsset } from './asset-folder.loader';
