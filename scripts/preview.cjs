// `npm run preview [-- --file school.xlsx] [--port 8080] [--save]`: the sidebar in a browser, without Google.
require("../dist/node/preview.cjs").previewMain(process.argv.slice(2));
