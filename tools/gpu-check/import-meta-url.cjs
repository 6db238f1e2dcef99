export const importMetaUrl = require("node:url").pathToFileURL(__filename).href;
