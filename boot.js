// Loads the app's wasm (kept in a file so the page's CSP needs no inline script).
import init from './schedule-explorer-app.js';
await init({ module_or_path: new URL('./schedule-explorer-app_bg.wasm', import.meta.url) });
