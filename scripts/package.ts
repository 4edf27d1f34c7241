// npm run package: builds the Teams app package a Teams admin uploads, appPackage/build/partner-fit.zip.
//   MicrosoftAppId   (required) the bot id; BOT_ID is accepted too (the Agents Toolkit's name)
//   PUBLIC_BASE_URL  (required) https://<host> of the bot; BOT_DOMAIN is accepted too
//   TEAMS_APP_ID     the Teams app id (GUID); default: derived from the bot id, so it is stable across builds
//   APP_NAME_SHORT   default "Partner Fit";  APP_VERSION default 1.0.0 (raise it for every update you upload)
//   DEVELOPER_NAME   default "Partner Fit"
// Works offline: the schema comes from @microsoft/app-manifest's bundled copy.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { PACKAGE_PATH, PackageError, ROOT, renderManifest, validateManifest, zipPackage } from './manifest';

async function main(): Promise<number> {
  try {
    const { manifest, values } = renderManifest(process.env);
    const problems = await validateManifest(manifest);
    if (problems.length) {
      console.error(`The Teams manifest is not valid:\n  ${problems.join('\n  ')}`);
      return 1;
    }
    const zip = await zipPackage(manifest);
    mkdirSync(dirname(PACKAGE_PATH), { recursive: true });
    writeFileSync(PACKAGE_PATH, zip);
    writeFileSync(join(dirname(PACKAGE_PATH), 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(
      [
        `Wrote ${relative(ROOT, PACKAGE_PATH)} (${zip.length} bytes): manifest.json, color.png, outline.png`,
        `  bot id        ${values.BOT_ID}`,
        `  Teams app id  ${values.TEAMS_APP_ID}${process.env.TEAMS_APP_ID ? '' : ' (derived from the bot id)'}`,
        `  valid domain  ${values.BOT_DOMAIN}`,
        `  name          ${values.APP_NAME_SHORT} ${values.APP_VERSION}`,
        'Upload it in Teams admin center (Manage apps > Upload new app) or Teams (Apps > Manage your apps > Upload an app).',
      ].join('\n'),
    );
    return 0;
  } catch (err) {
    if (err instanceof PackageError) {
      console.error(`Cannot build the Teams app package:\n  ${err.problems.join('\n  ')}`);
      return 1;
    }
    throw err;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  },
);
