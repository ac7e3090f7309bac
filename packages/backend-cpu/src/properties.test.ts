import { runProperties } from '@proj/conformance';
import { cpu } from './index.js';

runProperties({ backend: () => cpu({ name: 'cpu-properties' }) });
