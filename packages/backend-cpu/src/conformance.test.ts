import { runConformance } from '@proj/conformance';
import { cpu } from './index.js';

runConformance({ backend: () => cpu(), gradcheck: true });
