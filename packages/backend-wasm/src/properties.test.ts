import { runProperties } from '@proj/conformance';
import * as F from '@proj/functional';
import { wasm } from './index.js';

runProperties({ backend: () => wasm({ threads: 2, name: 'wasm-properties' }), F });
