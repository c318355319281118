import {bundleSize} from "./bundle-size.ts"; console.log(JSON.stringify(await bundleSize()))
