// A user's files are named by the hex of the user id: one exact name per user, so nothing is ever found
// or deleted by prefix (the original's regex `^bob-` also wiped `bob-smith`), and no id can climb out of
// the folder with "../".
export const userFileName = (userId, extension) => `${Buffer.from(userId, 'utf8').toString('hex')}${extension}`;

export function userIdFromFileName(fileName, extension) {
  if (!fileName.endsWith(extension)) return null;
  const hex = fileName.slice(0, -extension.length);
  return /^([0-9a-f]{2})+$/.test(hex) ? Buffer.from(hex, 'hex').toString('utf8') : null;
}
