// @microsoft/app-manifest requires strip-bom 5, an ES module. Node ≥ 20.19 loads it with require(); Jest's
// module system cannot. The validator never calls it (we hand it parsed JSON), so Jest gets a CommonJS
// stand-in. Import this file before anything that imports @microsoft/app-manifest.
import { dirname } from 'node:path';

const appManifestDir = dirname(require.resolve('@microsoft/app-manifest/package.json'));
jest.doMock(require.resolve('strip-bom', { paths: [appManifestDir] }), () => ({
  __esModule: true,
  default: (s: string) => (s.charCodeAt(0) === 0xfeff ? s.slice(1) : s),
}));
