export * from './sms-limits';
export { GSM7_BASIC_CHARACTERS, GSM7_EXTENSION_CHARACTERS, gsm7Septets, gsm7SeptetCount, isGsm7Text } from './gsm7.charset';
export { SMART_ENCODING_REPLACEMENTS, type SmsReplacement } from './smart-encoding.table';
export { analyzeSms, type SmsAnalysis, type SmsAnalysisOptions, type SmsEncoding } from './sms-segmenter';
export { enforceSmsBudget, type SmsBudgetOptions } from './sms-budget';
