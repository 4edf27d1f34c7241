// npm run manifest:menus: writes the Teams command menus in manifest/manifest.json from the verb catalog
// (src/teams/verbs/). The package check refuses a manifest whose menus differ from the catalog.
import { relative } from 'node:path';
import { MANIFEST_TEMPLATE, ROOT, writeMenusIntoTemplate } from './manifest';

console.log(writeMenusIntoTemplate() ? `Updated the command menus in ${relative(ROOT, MANIFEST_TEMPLATE)}.` : 'The command menus already match the catalog.');
