// The adapter as a library (dist/adapterLib.js): the extension loads it only when a debug
// session starts, so activating the extension stays cheap.
export { NvdbgSession } from './session';
