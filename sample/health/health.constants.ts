/** The dummy file the healthchecks download, in the storage (sample/media/). */
export const CHECK_FILE = 'healthcheck.txt';
