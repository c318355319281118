// What the media methods (and `markAsRead`) do, loaded on their first use (then cached by the module loader), as the
// key parser is for `setBusinessPublicKey`: an application that only sends text does not load
// the limits table or the download on import (size budget, see test/size.test.ts). This chunk
// imports no runtime code of the entry (what it needs is passed in: the error constructor, the
// call, the operation): a module both import would be split into a chunk of its own, and the
// entry, gzipped in more pieces, would grow instead.
export { download } from "./download.js";
export { markAsRead } from "./mark-as-read.js";
export { upload } from "./upload.js";
