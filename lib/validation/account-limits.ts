/** The profile's limits, shared by the API's schemas (./schemas.ts) and the profile page's form hints. */
export const MAX_NAME_LENGTH = 80;
export const MIN_PASSWORD_LENGTH = 8;
/** bcrypt reads only the first 72 bytes (lib/auth/password.ts): a longer password would not count whole. */
export const MAX_PASSWORD_BYTES = 72;
