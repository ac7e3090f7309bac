/**
 * Checkpoint formats as plain records, independent of the Tensor class: safetensors read and
 * write, and PyTorch zip checkpoints read through a restricted unpickler that never runs code.
 */

export {
  DTYPE_TO_STORAGE,
  decodeElements,
  encodeElements,
  numel,
  storageDType,
  validateRecord,
  type StorageDType,
  type StorageDTypeInfo,
  type TensorRecord,
} from './record.js';
export {
  SAFETENSORS_MAX_HEADER,
  parseSafetensors,
  serializeSafetensors,
  type SafetensorsFile,
} from './safetensors.js';
export { crc32, readZip, type ZipArchive, type ZipEntry, type ZipOptions } from './zip.js';
export { unpickle, type StorageRef, type TensorRef, type UnpickleOptions } from './pickle.js';
export { loadPtStateDict, parsePt, type PtOptions } from './pt.js';
