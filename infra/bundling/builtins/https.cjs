// node:https for bundled ES modules, without Node's ES module facade of it (see ../house-bundling.ts).
module.exports = process.getBuiltinModule('node:https');
