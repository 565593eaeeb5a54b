/** The Google Workspace connector: registered in connectors/index.ts as 'google'. */
export { createGoogleProvider as googleProviderFactory, GoogleProvider } from './google-provider.ts';
export { parseGoogleSettings, type GoogleSettings } from './settings.ts';
