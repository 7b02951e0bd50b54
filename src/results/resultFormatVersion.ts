// Version of the result layout (field names, index order, config keys) that sweep stores
// key their points by: bump it whenever a result of the same options would be written
// differently, so that an old store's points are recomputed rather than mixed in.
export const RESULT_FORMAT_VERSION = 1;
