// Stands in, inside the CLI bundle, for modules node-plop and handlebars import but the CLI's path never
// calls: plop's file-glob and binary-file actions, its plopfile resolver, and handlebars' source maps
// (handlebars falls back to plain strings without them). Fewer modules to parse means a faster start.
const unavailable = (name: string) => () => {
  throw new Error(`${name} is not part of the create-roadmap-project bundle`);
};

export const globSync = unavailable('tinyglobby');
export const isBinaryFileSync = unavailable('isbinaryfile');
export default { sync: unavailable('resolve') };
