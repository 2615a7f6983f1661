/** Set by vite.config.ts (`define`): the package version, plus the build label when there is one. */
declare const __APP_VERSION__: string;
