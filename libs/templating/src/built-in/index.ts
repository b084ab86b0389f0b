export { loadBuiltInTemplates, loadTemplateFolder, TemplateFolderError, type LoadedTemplate } from './template-folder.loader';
