// JSON with binary values, in the shape Baileys' BufferJSON uses ({type: "Buffer", data: base64}), so the
// credential store does not need Baileys loaded (the tests run without it).

export function replacer(key, value) {
  if (value instanceof Uint8Array) return { type: 'Buffer', data: Buffer.from(value).toString('base64') };
  // JSON.stringify calls Buffer#toJSON before the replacer sees the value: {type, data: number[]}.
  if (value?.type === 'Buffer' && Array.isArray(value.data)) {
    return { type: 'Buffer', data: Buffer.from(value.data).toString('base64') };
  }
  return value;
}

export function reviver(key, value) {
  if (value?.type === 'Buffer' && (typeof value.data === 'string' || Array.isArray(value.data))) {
    return typeof value.data === 'string' ? Buffer.from(value.data, 'base64') : Buffer.from(value.data);
  }
  return value;
}

export const stringify = (value) => JSON.stringify(value, replacer);
export const parse = (text) => JSON.parse(text, reviver);
