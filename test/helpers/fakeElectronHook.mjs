/**
 * `node --import ./test/helpers/fakeElectronHook.mjs dist/electron/main.js`:
 * resolves the bare specifier `electron` to fakeElectron.mjs, so the bundled
 * main process runs under plain Node exactly as built.
 */
import { register } from 'node:module';

const fake = new URL('./fakeElectron.mjs', import.meta.url).href;
const hooks = `export async function resolve(specifier, context, next) {
  if (specifier === 'electron') return { url: ${JSON.stringify(fake)}, shortCircuit: true };
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
